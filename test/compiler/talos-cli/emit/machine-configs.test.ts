import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import type { ClusterModel } from "../../../../compiler/model/model.js";
import { clusterContract, machineConfigInput, renderNodeConfigs, type NodeConfigFile } from "../../../../compiler/emit/talos/index.js";
import { UnsupportedTalosVersionError } from "../../../../compiler/emit/talos/index.js";
import type { SecretsBundle } from "../../../../compiler/talos/index.js";
import { haVlanCluster } from "../../emit/talhelper/support/ha-vlan-cluster.js";
import { homelabCluster } from "../../../support/homelab-model.js";
import { removeDir, tempDir } from "../../../support/tree.js";
import { validateTalosTree } from "../../talos/support/validator.js";
import { validateTree } from "../../../support/validate-tree.js";
import { emitTalhelper } from "../../../../compiler/emit/talhelper/index.js";
import { loadExample, vectorSecrets } from "../support/examples.js";

type Doc = Record<string, unknown>;

function documents(text: string): Doc[] {
  return parseAllDocuments(text).map((d) => d.toJS() as Doc);
}

function dig(doc: Doc | undefined, ...path: string[]): unknown {
  let at: unknown = doc;
  for (const key of path) at = at && typeof at === "object" ? (at as Doc)[key] : undefined;
  return at;
}

/** validate-tree's release line for a cluster: its contract, `newest` for 1.14. */
function schemaLine(cluster: ClusterModel): string {
  const contract = clusterContract(cluster);
  return contract === "1.14" ? "newest" : contract;
}

function assertValid(cluster: ClusterModel, files: readonly NodeConfigFile[]): void {
  const dir = tempDir("talos-cli-configs");
  try {
    for (const f of files) writeFileSync(join(dir, f.name), f.content);
    const result = validateTalosTree(dir, schemaLine(cluster));
    assert.equal(result.status, 0, result.output);
    // Counts are per document (1.12+ files hold several), so only the failures are pinned.
    assert.match(result.output, /\b[1-9]\d* passed, 0 failed\b/, result.output);
  } finally {
    removeDir(dir);
  }
}

/** The VIP, wherever the layout puts it: legacy interface/VLAN `vip`, or a Layer2VIPConfig document. */
function vips(content: string): string[] {
  const out: string[] = [];
  for (const doc of documents(content)) {
    if (doc["kind"] === "Layer2VIPConfig") out.push(String(doc["name"]));
    const interfaces = (dig(doc, "machine", "network", "interfaces") as Doc[] | undefined) ?? [];
    for (const nic of interfaces) {
      for (const holder of [nic, ...((nic["vlans"] as Doc[] | undefined) ?? [])]) {
        const ip = dig(holder, "vip", "ip");
        if (typeof ip === "string") out.push(ip);
      }
    }
  }
  return out;
}

for (const name of ["homelab", "ha"] as const) {
  test(`examples/${name}: every node's machine config validates against its Talos line, the VIP only on control planes`, async () => {
    const { model, secrets } = await loadExample(name);
    const files = renderNodeConfigs(model, secrets);
    assert.deepEqual(files.map((f) => f.name), model.nodes.map((n) => `${model.name}-${n.name}.yaml`));
    assertValid(model, files);
    for (const f of files) {
      const [root] = documents(f.content);
      assert.equal(dig(root, "machine", "type"), f.node.role);
      assert.deepEqual(vips(f.content), f.node.role === "controlplane" ? [model.endpoint] : [], f.name);
    }
  });
}

test("examples/ha: five nodes, three control planes sharing the VIP, everything a node needs from cluster.lab", async () => {
  const { model, secrets } = await loadExample("ha");
  const files = renderNodeConfigs(model, secrets);
  assert.equal(files.filter((f) => f.node.role === "controlplane").length, 3);
  const byName = new Map(files.map((f) => [f.node.name, documents(f.content)[0]]));
  const cp3 = byName.get("cp-3");
  assert.equal(dig(cp3, "machine", "network", "hostname"), "cp-3");
  assert.deepEqual(dig(cp3, "machine", "install", "diskSelector"), { serial: "S4EVNX0R123456" });
  assert.deepEqual(dig(cp3, "machine", "network", "interfaces"), [{
    deviceSelector: { hardwareAddr: "52:54:00:00:20:13" },
    vlans: [{ addresses: ["10.20.0.13/24"], routes: [{ network: "0.0.0.0/0", gateway: "10.20.0.1" }], vlanId: 20, mtu: 1500, vip: { ip: "10.20.0.10" } }],
  }]);
  // From the global patches, not set twice: Talos appends lists on merge.
  assert.deepEqual(dig(cp3, "machine", "network", "nameservers"), ["10.20.0.1"]);
  assert.deepEqual(dig(cp3, "machine", "time", "servers"), ["10.20.0.1"]);
  assert.deepEqual(dig(cp3, "machine", "kubelet", "nodeIP", "validSubnets"), ["10.20.0.0/24"]);
  assert.deepEqual(dig(cp3, "machine", "certSANs"), ["127.0.0.1", "10.20.0.10", "k8s.lab.example.net"]);
  assert.deepEqual(dig(cp3, "cluster", "network", "cni"), { name: "none" });
  assert.deepEqual(dig(cp3, "cluster", "network", "podSubnets"), [model.podCidr.text]);
  assert.deepEqual(dig(cp3, "cluster", "network", "serviceSubnets"), [model.serviceCidr.text]);
  // Controller patches: on control planes only.
  assert.equal(dig(cp3, "cluster", "proxy", "disabled"), true);
  assert.equal(dig(cp3, "cluster", "coreDNS", "disabled"), true);
  assert.equal(dig(cp3, "cluster", "apiServer", "admissionControl"), undefined, "cluster-template drops the PodSecurity admission config");
  const w1 = byName.get("worker-1");
  assert.equal(dig(w1, "machine", "install", "image"), "factory.talos.dev/installer-secureboot/376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba:v1.10.7");
  assert.equal(dig(w1, "cluster", "proxy"), undefined);
  assert.equal(dig(w1, "machine", "sysctls", "net.core.rmem_max"), "7500000");
  const w2 = byName.get("worker-2");
  assert.equal(dig(w2, "machine", "install", "image"), "factory.talos.dev/installer-secureboot/376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba:v1.10.7", "a TPM-sealed disk needs the secure-boot image");
  assert.equal(dig(w2, "machine", "systemDiskEncryption", "state", "provider"), "luks2", "the node's inline patch (encrypt-disk)");
});

test("rendering is deterministic: the same model and bundle give the same bytes", async () => {
  const { model, secrets } = await loadExample("ha");
  assert.deepEqual(renderNodeConfigs(model, secrets), renderNodeConfigs(model, secrets));
});

/**
 * Every contract labc writes with cluster-template's patches, including encrypt-disk (the HA
 * fixture's workers encrypt): machine.systemDiskEncryption on 1.10, VolumeConfig documents from
 * 1.11, each checked against its own line's schema.
 */
const contracts: readonly [string, string][] = [["v1.10.7", "1.10"], ["v1.11.5", "1.11"], ["v1.12.6", "1.12"], ["v1.13.9", "1.13"], ["v1.14.0", "1.14"]];
for (const [version, contract] of contracts) {
  test(`Talos ${contract}: a single-node and a VLAN HA cluster (encrypted disks, kernel modules) validate after every patch`, () => {
    const secrets: SecretsBundle = vectorSecrets();
    const ha = haVlanCluster({ talosVersion: version });
    const withModules = { ...ha, nodes: ha.nodes.map((n, i) => (i === 0 ? { ...n, kernelModules: ["nvme_tcp", "drbd"] } : n)) };
    assert.ok(withModules.nodes.some((n) => n.encryptDisk), "the fixture encrypts some disk");
    for (const cluster of [homelabCluster({ talosVersion: version }), withModules]) {
      const files = renderNodeConfigs(cluster, secrets);
      assertValid(cluster, files);
      for (const f of files) assert.deepEqual(vips(f.content), f.node.role === "controlplane" ? [cluster.endpoint] : []);
    }
  });
}

test("disk-key = node-id: the LUKS2 key comes from the node's identity, no TPM", () => {
  for (const [version] of contracts) {
    const ha = haVlanCluster({ talosVersion: version });
    const cluster = { ...ha, nodes: ha.nodes.map((n) => (n.encryptDisk ? { ...n, secureboot: false, diskKey: "node-id" as const } : n)) };
    const node = cluster.nodes.find((n) => n.encryptDisk)!;
    const docs = documents(renderNodeConfigs(cluster, vectorSecrets(), [node])[0]!.content);
    const luks = { provider: "luks2", keys: [{ slot: 0, nodeID: {} }] };
    const found = version === "v1.10.7" ? dig(docs[0], "machine", "systemDiskEncryption") : Object.fromEntries(docs.filter((d) => d["kind"] === "VolumeConfig").map((d) => [String(d["name"]).toLowerCase(), d["encryption"]]));
    assert.deepEqual(found, { state: luks, ephemeral: luks }, version);
  }
});

test("encrypt-disk: systemDiskEncryption on 1.10, STATE and EPHEMERAL VolumeConfig with LUKS2 + TPM from 1.11", () => {
  for (const [version] of contracts) {
    const cluster = haVlanCluster({ talosVersion: version });
    const node = cluster.nodes.find((n) => n.encryptDisk)!;
    const docs = documents(renderNodeConfigs(cluster, vectorSecrets(), [node])[0]!.content);
    const luks = { provider: "luks2", keys: [{ slot: 0, tpm: {} }] };
    if (version === "v1.10.7") {
      assert.deepEqual(dig(docs[0], "machine", "systemDiskEncryption"), { state: luks, ephemeral: luks });
      continue;
    }
    assert.equal(dig(docs[0], "machine", "systemDiskEncryption"), undefined, version);
    const volumes = docs.filter((d) => d["kind"] === "VolumeConfig");
    const byName = Object.fromEntries(volumes.map((d) => [String(d["name"]), d["encryption"]]));
    assert.deepEqual(byName, { STATE: luks, EPHEMERAL: luks }, version);
    assert.equal(volumes.length, 2, version);
    // 1.14 generates EPHEMERAL with a secure mount; the patch adds encryption to it, not a second document.
    if (version === "v1.14.0") assert.deepEqual(volumes.find((d) => d["name"] === "EPHEMERAL")?.["mount"], { secure: true });
  }
});

test("Talos 1.12+: hostname, resolver and time come as documents, the VIP on the VLAN link", () => {
  const cluster = haVlanCluster({ talosVersion: "v1.13.9" });
  const docs = documents(renderNodeConfigs(cluster, vectorSecrets(), [cluster.nodes[0]!])[0]!.content);
  const kind = (k: string) => docs.filter((d) => d["kind"] === k);
  assert.equal(kind("HostnameConfig")[0]?.["hostname"], "cp-01");
  assert.deepEqual(kind("ResolverConfig")[0]?.["searchDomains"], { disableDefault: true });
  assert.deepEqual(kind("TimeSyncConfig")[0]?.["ntp"], { servers: ["162.159.200.1", "162.159.200.123"] });
  assert.deepEqual(kind("Layer2VIPConfig"), [{ apiVersion: "v1alpha1", kind: "Layer2VIPConfig", name: "192.168.31.240", link: "ethSel0.20" }]);
});

test("Talos 1.14: cluster-template's settings arrive as typed documents, only etcd stays in v1alpha1", () => {
  const cluster = haVlanCluster({ talosVersion: "v1.14.0" });
  const [cp, , , worker] = renderNodeConfigs(cluster, vectorSecrets()).map((f) => documents(f.content));
  const one = (docs: Doc[], kind: string, name?: string) => {
    const found = docs.filter((d) => d["kind"] === kind && (name === undefined || d["name"] === name));
    assert.equal(found.length, 1, `${kind}${name ? `/${name}` : ""}`);
    return found[0]!;
  };
  for (const docs of [cp!, worker!]) {
    assert.deepEqual(one(docs, "KubeletConfig")["config"], { serializeImagePulls: false });
    assert.deepEqual(dig(one(docs, "KubeNodeConfig"), "nodeIP", "validSubnets"), ["192.168.31.0/24"]);
    assert.equal(dig(one(docs, "SysctlConfig"), "params", "net.core.rmem_max"), "7500000");
    assert.match(String(one(docs, "CRICustomizationConfig", "20-customization")["content"]), /discard_unpacked_layers = false/);
    assert.equal(one(docs, "SecurityProfileConfig")["workloadIsolation"], false);
    assert.deepEqual(one(docs, "ResolverConfig")["nameservers"], [{ address: "1.1.1.1" }, { address: "1.0.0.1" }]);
    assert.equal(dig(docs[0], "machine", "kubelet"), undefined);
    assert.equal(dig(docs[0], "machine", "files"), undefined);
  }
  // Controller patches: control planes only.
  assert.equal(dig(one(cp!, "KubeNodeConfig"), "taints"), undefined, "the NoSchedule taint is removed");
  assert.deepEqual(one(cp!, "KubeAPIServerConfig")["extraArgs"], { "enable-aggregator-routing": "true" });
  assert.deepEqual(one(cp!, "KubeControllerManagerConfig")["extraArgs"], { "bind-address": "0.0.0.0" });
  assert.deepEqual(one(cp!, "KubeSchedulerConfig")["extraArgs"], { "bind-address": "0.0.0.0" });
  assert.equal(one(cp!, "KubeCoreDNSConfig")["enabled"], false);
  assert.equal(one(cp!, "KubeProxyConfig")["enabled"], false);
  assert.equal(cp!.filter((d) => d["kind"] === "KubeAdmissionControlConfig").length, 0, "the PodSecurity document is deleted");
  assert.deepEqual(dig(cp![0], "cluster", "etcd", "advertisedSubnets"), ["192.168.31.0/24"]);
  assert.equal(dig(cp![0], "cluster", "etcd", "extraArgs", "listen-metrics-urls"), "http://0.0.0.0:2381");
  assert.equal(worker!.filter((d) => d["kind"] === "KubeAPIServerConfig").length, 0);
  assert.equal(dig(one(worker!, "KubeNodeConfig"), "taints"), undefined);
});

for (const name of ["homelab", "ha"] as const) {
  test(`examples/${name} on Talos 1.14: every node's machine config validates against the newest schema`, async () => {
    const { model, secrets } = await loadExample(name);
    const cluster = { ...model, talosVersion: "v1.14.0" };
    const files = renderNodeConfigs(cluster, secrets);
    assertValid(cluster, files);
    for (const f of files) assert.deepEqual(vips(f.content), f.node.role === "controlplane" ? [model.endpoint] : [], f.name);
    // talconfig.yaml of the same variant still passes talhelper's schema.
    const tree = tempDir("talos-cli-talconfig");
    try {
      const talconfig = emitTalhelper(cluster).find((f) => f.path === "talos/talconfig.yaml")!;
      mkdirSync(join(tree, "talos"));
      writeFileSync(join(tree, "talos", "talconfig.yaml"), talconfig.kind === "text" ? talconfig.content : "");
      const result = validateTree(tree);
      assert.equal(result.status, 0, result.output);
      assert.match(result.output, /\b1 passed, 0 failed\b/, result.output);
    } finally {
      removeDir(tree);
    }
  });
}

test("a Talos version outside 1.10-1.14 is an error, not a guess", () => {
  const cluster = homelabCluster({ talosVersion: "v1.9.5" });
  assert.throws(() => machineConfigInput(cluster, cluster.nodes[0]!, vectorSecrets()), (e: unknown) => e instanceof UnsupportedTalosVersionError && /1\.9 is not supported/.test(e.message));
});

test("adding a node changes no other node's machine config except the lists that name nodes", () => {
  const secrets = vectorSecrets();
  const before = haVlanCluster({ talosVersion: "v1.13.9" });
  const extra = { ...before.nodes[4]!, name: "w-03", address: "192.168.31.23", mac: "00:11:22:33:44:17" };
  const after = { ...before, nodes: [...before.nodes, extra] };
  const old = new Map(renderNodeConfigs(before, secrets).map((f) => [f.name, f.content]));
  const grown = renderNodeConfigs(after, secrets);
  assert.equal(grown.length, old.size + 1);
  for (const f of grown.slice(0, -1)) assert.equal(f.content, old.get(f.name), `${f.name} changed`);
});
