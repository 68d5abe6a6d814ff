import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parse, parseAllDocuments } from "yaml";
import type { ClusterModel } from "../../../../compiler/model/model.js";
import { renderNodeConfigs } from "../../../../compiler/emit/talos/index.js";
import { emitTalhelper } from "../../../../compiler/emit/talhelper/index.js";
import { loadCluster } from "../../../../compiler/talos-cli/index.js";
import { repoPath } from "../../../support/paths.js";
import { removeDir, tempDir } from "../../../support/tree.js";
import { validateTalosTree } from "../../talos/support/validator.js";
import { validateTree } from "../../../support/validate-tree.js";
import { vectorSecrets } from "../support/examples.js";

type Doc = Record<string, unknown>;

function fixture(): ClusterModel {
  const loaded = loadCluster(repoPath("test", "fixtures", "multi-nic", "input.lab"), repoPath());
  if (!loaded.model) throw new Error(loaded.diagnostics.map((d) => d.message).join("; "));
  return loaded.model;
}

function documents(text: string): Doc[] {
  return parseAllDocuments(text).map((d) => d.toJS() as Doc);
}

function talconfigNodes(cluster: ClusterModel): Doc[] {
  const file = emitTalhelper(cluster).find((f) => f.path === "talos/talconfig.yaml");
  assert.ok(file && file.kind === "text");
  return (parse(file.content) as { nodes: Doc[] }).nodes;
}

const lines: readonly [string, string][] = [["v1.10.7", "1.10"], ["v1.11.5", "1.11"], ["v1.12.6", "1.12"], ["v1.13.9", "1.13"], ["v1.14.0", "newest"]];

for (const [version, line] of lines) {
  test(`multi-nic on Talos ${version}: bonds, a second NIC on a VLAN and static routes validate against the ${line} schema`, () => {
    const cluster = { ...fixture(), talosVersion: version };
    const files = renderNodeConfigs(cluster, vectorSecrets());
    const dir = tempDir("multi-nic-configs");
    try {
      for (const f of files) writeFileSync(join(dir, f.name), f.content);
      const result = validateTalosTree(dir, line);
      assert.equal(result.status, 0, result.output);
      assert.match(result.output, /\b[1-9]\d* passed, 0 failed\b/, result.output);
    } finally {
      removeDir(dir);
    }
  });
}

test("model: a node-level route goes on the NIC whose network holds its gateway; the NIC's MTU defaults to its network's", () => {
  const nas = fixture().nodes.find((n) => n.name === "nas")!;
  assert.equal(nas.routes, undefined);
  const storage = nas.nics![0]!;
  assert.equal(storage.mtu, 9000);
  assert.deepEqual(storage.routes.map((r) => `${r.to.text} via ${r.via}${r.metric ? ` metric ${r.metric}` : ""}`), ["10.60.0.0/16 via 10.10.0.254", "10.50.0.0/16 via 10.10.0.1 metric 100"]);
  const cp1 = fixture().nodes.find((n) => n.name === "cp-1")!;
  assert.equal(cp1.mac, undefined);
  assert.deepEqual(cp1.bond, { macs: ["02:00:00:40:11:01", "02:00:00:40:11:02"], mode: "802.3ad", lacpRate: "fast", xmitHashPolicy: "layer3+4", miimon: 100, updelay: 200, downdelay: 200 });
});

test("Talos 1.10/1.11: machine.network.interfaces is talconfig.yaml's networkInterfaces, as talhelper copies it", () => {
  for (const version of ["v1.10.7", "v1.11.5"]) {
    const cluster = { ...fixture(), talosVersion: version };
    const entries = talconfigNodes(cluster);
    for (const file of renderNodeConfigs(cluster, vectorSecrets())) {
      const machine = (documents(file.content)[0] as { machine: { network: { interfaces: Doc[] } } }).machine;
      const interfaces = machine.network.interfaces.map((nic) => {
        const copy: Doc = { ...nic };
        // Talos writes the (empty) name list of a bond whose members are picked by selectors; talconfig leaves it out.
        if (copy["bond"]) copy["bond"] = Object.fromEntries(Object.entries(copy["bond"] as Doc).filter(([k]) => k !== "interfaces"));
        return copy;
      });
      const entry = entries.find((e) => e["hostname"] === file.node.name)!;
      assert.deepEqual(interfaces, entry["networkInterfaces"], `${version} ${file.node.name}`);
    }
  }
});

test("Talos 1.12+: bond members by permanent MAC, the VIP on the control planes' bond or NIC only, the storage VLAN on ethSel1", () => {
  const cluster = { ...fixture(), talosVersion: "v1.13.9" };
  const byNode = new Map(renderNodeConfigs(cluster, vectorSecrets()).map((f) => [f.node.name, documents(f.content)]));
  const kind = (name: string, k: string) => byNode.get(name)!.filter((d) => d["kind"] === k);
  assert.deepEqual(kind("cp-1", "LinkAliasConfig").map((d) => [d["name"], (d["selector"] as Doc)["match"]]), [
    ["bond0-m0", 'glob("02:00:00:40:11:01", mac(link.permanent_addr))'],
    ["bond0-m1", 'glob("02:00:00:40:11:02", mac(link.permanent_addr))'],
  ]);
  assert.deepEqual(kind("cp-1", "BondConfig")[0], {
    apiVersion: "v1alpha1", kind: "BondConfig", name: "bond0", links: ["bond0-m0", "bond0-m1"], bondMode: "802.3ad",
    miimon: 100, updelay: 200, downdelay: 200, xmitHashPolicy: "layer3+4", lacpRate: "fast", mtu: 1500, addresses: [{ address: "192.168.40.11/24" }], routes: [{ gateway: "192.168.40.1" }],
  });
  assert.deepEqual(kind("cp-1", "Layer2VIPConfig").map((d) => d["link"]), ["bond0"]);
  assert.deepEqual(kind("cp-3", "Layer2VIPConfig").map((d) => d["link"]), ["ethSel0"]);
  assert.deepEqual(kind("nas", "Layer2VIPConfig"), []);
  assert.deepEqual(kind("nas", "LinkAliasConfig").map((d) => d["name"]), ["ethSel0", "ethSel1"]);
  assert.deepEqual(kind("nas", "LinkConfig").map((d) => [d["name"], d["mtu"], d["routes"]]), [["ethSel0", 1500, [{ gateway: "192.168.40.1" }]], ["ethSel1", 9000, undefined]]);
  assert.deepEqual(kind("nas", "VLANConfig"), [{
    apiVersion: "v1alpha1", kind: "VLANConfig", name: "ethSel1.100", vlanID: 100, parent: "ethSel1", mtu: 9000,
    addresses: [{ address: "10.10.0.20/24" }],
    routes: [{ destination: "10.60.0.0/16", gateway: "10.10.0.254" }, { destination: "10.50.0.0/16", gateway: "10.10.0.1", metric: 100 }],
  }]);
});

test("talos/schematics/<id>.yaml holds the canonical text, once per ID, named by the ID talconfig.yaml installs", () => {
  const cluster = fixture();
  const files = emitTalhelper(cluster).filter((f) => f.path.startsWith("talos/schematics/"));
  assert.equal(files.length, 2, "cp-1 and cp-2 share one schematic");
  for (const node of cluster.nodes.filter((n) => n.schematicCustomization)) {
    const file = files.find((f) => f.path === `talos/schematics/${node.schematic}.yaml`);
    assert.ok(file && file.kind === "text", node.name);
    assert.match(file.content, /^customization:\n {4}/);
  }
  const image = talconfigNodes(cluster).find((n) => n["hostname"] === "nas")!["talosImageURL"];
  assert.equal(image, `factory.talos.dev/installer/${cluster.nodes.find((n) => n.name === "nas")!.schematic}`);
});

test("talconfig.yaml with bonds, a second NIC on a VLAN and routes passes talhelper's schema", () => {
  const dir = tempDir("multi-nic-talconfig");
  try {
    for (const f of emitTalhelper(fixture())) {
      if (f.kind !== "text") continue;
      mkdirSync(dirname(join(dir, f.path)), { recursive: true });
      writeFileSync(join(dir, f.path), f.content);
    }
    const result = validateTree(join(dir, "talos", "talconfig.yaml"));
    assert.equal(result.status, 0, result.output);
    assert.match(result.output, /\b1 passed, 0 failed\b/, result.output);
  } finally {
    removeDir(dir);
  }
});
