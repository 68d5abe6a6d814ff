import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { renderMachineConfig } from "../../../../compiler/talos/config/render.js";
import { TALOS_CONTRACTS, type TalosContract } from "../../../../compiler/talos/releases.js";
import type { MachineConfigInput, MachineType } from "../../../../compiler/talos/config/input.js";
import { parseSecretsBundle } from "../../../../compiler/talos/secrets/yaml-io.js";
import { upstreamPath } from "../../../support/paths.js";
import { validateTalosTree } from "../../../support/validate-tree.js";

const parsed = parseSecretsBundle(readFileSync(upstreamPath("vectors", "talos", "secrets.yaml"), "utf8"));
if (!parsed.ok) throw new Error(parsed.error);
const secrets = parsed.value;

/** The sample homelab node: cp-01 at 192.168.31.252/24, VIP .240, disk /dev/sdb, one NIC by MAC. */
function homelabNode(contract: TalosContract, machineType: MachineType): MachineConfigInput {
  return {
    contract,
    machineType,
    clusterName: "homelab",
    endpoint: "https://192.168.31.240:6443",
    kubernetesVersion: "v1.33.4",
    secrets,
    additionalSans: ["127.0.0.1", "192.168.31.240"],
    cni: { name: "none" },
    node: {
      hostname: "cp-01",
      installDisk: { path: "/dev/sdb" },
      installImage: "factory.talos.dev/metal-installer/376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba:v1.13.9",
      interfaces: [{
        mac: "00:11:22:33:44:55",
        addresses: ["192.168.31.252/24"],
        routes: [{ gateway: "192.168.31.1" }],
        mtu: 1500,
        ...(machineType === "controlplane" ? { vip: "192.168.31.240" } : {}),
      }],
      nameservers: ["192.168.31.1", "1.1.1.1"],
      ntpServers: ["time.cloudflare.com"],
      kubeletValidSubnets: ["192.168.31.0/24"],
      certSans: ["cp-01.lan"],
    },
  };
}

function documents(text: string): Record<string, unknown>[] {
  return parseAllDocuments(text).map((d) => d.toJS() as Record<string, unknown>);
}

for (const contract of TALOS_CONTRACTS) {
  test(`homelab node documents validate against the Talos ${contract} schema`, () => {
    const dir = mkdtempSync(join(tmpdir(), `labc-talos-${contract}-`));
    try {
      for (const machineType of ["controlplane", "worker"] as const) {
        writeFileSync(join(dir, `${machineType}.yaml`), renderMachineConfig(homelabNode(contract, machineType)));
      }
      const result = validateTalosTree(dir, contract === "1.14" ? "newest" : contract);
      assert.equal(result.status, 0, result.output);
      assert.match(result.output, /\b0 failed\b/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test("1.13 homelab node: hostname, network and install land in the documents Talos expects", () => {
  const docs = documents(renderMachineConfig(homelabNode("1.13", "controlplane")));
  const kinds = docs.map((d) => d["kind"] ?? "v1alpha1");
  assert.deepEqual(kinds, ["v1alpha1", "HostnameConfig", "ResolverConfig", "TimeSyncConfig", "LinkAliasConfig", "Layer2VIPConfig", "LinkConfig"]);
  const machine = (docs[0] as { machine: Record<string, unknown> }).machine;
  assert.deepEqual(machine["install"], {
    disk: "/dev/sdb",
    image: "factory.talos.dev/metal-installer/376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba:v1.13.9",
    wipe: false,
    grubUseUKICmdline: true,
  });
  assert.deepEqual(machine["certSANs"], ["127.0.0.1", "192.168.31.240", "cp-01.lan"]);
  assert.deepEqual(docs[1], { apiVersion: "v1alpha1", kind: "HostnameConfig", auto: "off", hostname: "cp-01" });
  // talhelper's link name and document order (aliases, VIPs, then links).
  assert.deepEqual(docs[4], { apiVersion: "v1alpha1", kind: "LinkAliasConfig", name: "ethSel0", selector: { match: 'glob("00:11:22:33:44:55", mac(link.hardware_addr))' } });
  assert.deepEqual(docs[5], { apiVersion: "v1alpha1", kind: "Layer2VIPConfig", name: "192.168.31.240", link: "ethSel0" });
  assert.deepEqual(docs[6], {
    apiVersion: "v1alpha1", kind: "LinkConfig", name: "ethSel0", mtu: 1500,
    addresses: [{ address: "192.168.31.252/24" }], routes: [{ gateway: "192.168.31.1" }],
  });
});

test("1.11 homelab node keeps the legacy machine.network layout", () => {
  const [root] = documents(renderMachineConfig(homelabNode("1.11", "controlplane")));
  const machine = (root as { machine: Record<string, unknown> }).machine;
  assert.deepEqual(machine["network"], {
    hostname: "cp-01",
    interfaces: [{
      deviceSelector: { hardwareAddr: "00:11:22:33:44:55" },
      addresses: ["192.168.31.252/24"],
      routes: [{ network: "0.0.0.0/0", gateway: "192.168.31.1" }],
      mtu: 1500,
      vip: { ip: "192.168.31.240" },
    }],
    nameservers: ["192.168.31.1", "1.1.1.1"],
  });
  assert.deepEqual(machine["time"], { servers: ["time.cloudflare.com"] });
  assert.deepEqual((machine["kubelet"] as Record<string, unknown>)["nodeIP"], { validSubnets: ["192.168.31.0/24"] });
});

test("1.14 homelab node installs through UnattendedInstallConfig and sets kubelet node IPs on KubeNodeConfig", () => {
  const docs = documents(renderMachineConfig(homelabNode("1.14", "controlplane")));
  const install = docs.find((d) => d["kind"] === "UnattendedInstallConfig");
  assert.deepEqual(install?.["provisioning"], { diskSelector: { match: 'disk.dev_path == "/dev/sdb"' }, wipe: false });
  assert.equal((install?.["installer"] as Record<string, unknown>)["image"], homelabNode("1.14", "controlplane").node?.installImage);
  const nodeDoc = docs.find((d) => d["kind"] === "KubeNodeConfig");
  assert.deepEqual(nodeDoc?.["nodeIP"], { validSubnets: ["192.168.31.0/24"] });
  const resolver = docs.filter((d) => d["kind"] === "ResolverConfig");
  assert.equal(resolver.length, 1, "nameservers merge into the generated ResolverConfig");
  assert.deepEqual(resolver[0]?.["nameservers"], [{ address: "192.168.31.1" }, { address: "1.1.1.1" }]);
  assert.equal(docs.filter((d) => d["kind"] === "KubeFlannelCNIConfig").length, 0, "cni none drops flannel");
});

/** A node with a LACP bond carrying a tagged VLAN (addresses and VIP on the VLAN). */
function bondedVlanNode(contract: TalosContract): MachineConfigInput {
  const base = homelabNode(contract, "controlplane");
  return {
    ...base,
    node: {
      ...base.node,
      installDisk: { selector: { serial: "S4EVNX0R123456", model: "Samsung SSD 870" } },
      interfaces: [{
        bond: { memberMacs: ["00:11:22:33:44:55", "00:11:22:33:44:56"], mode: "802.3ad", lacpRate: "fast", xmitHashPolicy: "layer3+4", miimon: 100 },
        mtu: 9000,
        vlans: [{ vlanId: 31, addresses: ["192.168.31.252/24"], routes: [{ gateway: "192.168.31.1" }], mtu: 1500, vip: "192.168.31.240" }],
      }],
    },
  };
}

for (const contract of TALOS_CONTRACTS) {
  test(`bonded VLAN node with a disk selector validates against the Talos ${contract} schema`, () => {
    const dir = mkdtempSync(join(tmpdir(), `labc-talos-bond-${contract}-`));
    try {
      writeFileSync(join(dir, "controlplane.yaml"), renderMachineConfig(bondedVlanNode(contract)));
      const result = validateTalosTree(dir, contract === "1.14" ? "newest" : contract);
      assert.equal(result.status, 0, result.output);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test("1.13 bonded VLAN node: member aliases by permanent MAC, bond, VLAN on the bond, VIP on the VLAN", () => {
  const docs = documents(renderMachineConfig(bondedVlanNode("1.13")));
  const byKind = (kind: string) => docs.filter((d) => d["kind"] === kind);
  assert.deepEqual(byKind("LinkAliasConfig").map((d) => d["name"]), ["bond0-m0", "bond0-m1"]);
  assert.deepEqual(byKind("BondConfig")[0], {
    apiVersion: "v1alpha1", kind: "BondConfig", name: "bond0", links: ["bond0-m0", "bond0-m1"], bondMode: "802.3ad",
    miimon: 100, xmitHashPolicy: "layer3+4", lacpRate: "fast", mtu: 9000,
  });
  assert.deepEqual(byKind("VLANConfig")[0], {
    apiVersion: "v1alpha1", kind: "VLANConfig", name: "bond0.31", vlanID: 31, parent: "bond0", mtu: 1500,
    addresses: [{ address: "192.168.31.252/24" }], routes: [{ gateway: "192.168.31.1" }],
  });
  assert.deepEqual(byKind("Layer2VIPConfig")[0], { apiVersion: "v1alpha1", kind: "Layer2VIPConfig", name: "192.168.31.240", link: "bond0.31" });
  const machine = (docs[0] as { machine: { install: Record<string, unknown> } }).machine;
  assert.deepEqual(machine.install["diskSelector"], { model: "Samsung SSD 870", serial: "S4EVNX0R123456" });
});
