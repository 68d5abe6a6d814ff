import { test } from "node:test";
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { parse, parseAllDocuments } from "yaml";
import { emitTalhelper } from "../../../../compiler/emit/talhelper/index.js";
import type { ClusterModel } from "../../../../compiler/model/model.js";
import { homelabCluster } from "../../../support/homelab-model.js";
import { haVlanCluster } from "./support/ha-vlan-cluster.js";
import { textOf, writeTree } from "./support/output-tree.js";
import { validateTree } from "../../../support/validate-tree.js";

type Talconfig = {
  clusterName: string;
  talosVersion: string;
  kubernetesVersion: string;
  endpoint: string;
  additionalApiServerCertSans: string[];
  additionalMachineCertSans: string[];
  cniConfig: { name: string };
  nodes: TalNode[];
  patches?: string[];
  controlPlane?: { patches: string[] };
  worker?: { patches: string[] };
};
type Nic = {
  deviceSelector: { hardwareAddr: string };
  dhcp?: boolean;
  addresses?: string[];
  routes?: { network: string; gateway: string }[];
  mtu?: number;
  vip?: { ip: string };
  vlans?: { vlanId: number; addresses: string[]; routes: unknown[]; mtu: number; vip?: { ip: string } }[];
};
type TalNode = {
  hostname: string;
  ipAddress: string;
  controlPlane: boolean;
  installDisk?: string;
  installDiskSelector?: Record<string, string>;
  machineSpec: { secureboot: boolean };
  talosImageURL: string;
  networkInterfaces: Nic[];
  patches?: string[];
};

function talconfig(cluster: ClusterModel): Talconfig {
  return parse(textOf(emitTalhelper(cluster), "talos/talconfig.yaml")) as Talconfig;
}


for (const [label, make] of [
  ["homelab", () => homelabCluster()],
  ["3 control planes + 2 workers on a VLAN", () => haVlanCluster()],
] as const) {
  test(`${label}: talconfig.yaml validates against the talhelper schema`, () => {
    const dir = writeTree(emitTalhelper(make()));
    try {
      const result = validateTree(dir);
      assert.equal(result.status, 0, result.output);
      assert.match(result.output, /talos\/talconfig\.yaml/);
      assert.match(result.output, /\b1 passed, 0 failed/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test(`${label}: patch files validate as partial Talos ${make().talosVersion} configs`, () => {
    const cluster = make();
    const dir = writeTree(emitTalhelper(cluster));
    try {
      const minor = cluster.talosVersion.replace(/^v(\d+\.\d+).*$/, "$1");
      const result = validateTree(dir, ["--talos-patches", "--talos", minor]);
      assert.equal(result.status, 0, result.output);
      assert.doesNotMatch(result.output, /FAIL/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test(`${label}: every YAML file parses and the output is byte-identical across runs`, () => {
    const first = emitTalhelper(make());
    const second = emitTalhelper(make());
    assert.deepEqual(second, first);
    for (const file of first) {
      if (file.kind !== "text" || !file.path.endsWith(".yaml")) continue;
      for (const doc of parseAllDocuments(file.content)) {
        assert.deepEqual(doc.errors, [], `${file.path}: ${doc.errors.join("; ")}`);
        assert.deepEqual(doc.warnings, [], `${file.path}: ${doc.warnings.join("; ")}`);
      }
    }
  });

  test(`${label}: the VIP sits on control planes only`, () => {
    const cluster = make();
    for (const node of talconfig(cluster).nodes) {
      const nic = node.networkInterfaces[0]!;
      const vips = [nic.vip, ...(nic.vlans ?? []).map((v) => v.vip)].filter((v) => v !== undefined);
      if (node.controlPlane) assert.deepEqual(vips, [{ ip: cluster.endpoint }], node.hostname);
      else assert.deepEqual(vips, [], node.hostname);
    }
  });
}

test("homelab: the talos/ tree has cluster-template's files", () => {
  const paths = emitTalhelper(homelabCluster()).map((f) => f.path);
  assert.deepEqual(paths, [
    "talos/talconfig.yaml",
    "talos/talenv.yaml",
    "talos/patches/README.md",
    "talos/patches/global/machine-files.yaml",
    "talos/patches/global/machine-kubelet.yaml",
    "talos/patches/global/machine-network.yaml",
    "talos/patches/global/machine-sysctls.yaml",
    "talos/patches/global/machine-time.yaml",
    "talos/patches/controller/admission-controller-patch.yaml",
    "talos/patches/controller/cluster.yaml",
  ]);
});

test("homelab: talconfig.yaml top level follows cluster-template", () => {
  const cluster = homelabCluster();
  const text = textOf(emitTalhelper(cluster), "talos/talconfig.yaml");
  const config = parse(text) as Talconfig;
  assert.equal(config.clusterName, "home");
  // Placeholders, filled by talhelper from talenv.yaml.
  assert.match(text, /^talosVersion: "\$\{talosVersion\}"$/m);
  assert.match(text, /^kubernetesVersion: "\$\{kubernetesVersion\}"$/m);
  assert.equal(config.endpoint, "https://192.168.31.240:6443");
  // One anchored SAN list reused by alias.
  assert.match(text, /^additionalApiServerCertSans: &sans$/m);
  assert.match(text, /^additionalMachineCertSans: \*sans$/m);
  assert.deepEqual(config.additionalMachineCertSans, ["127.0.0.1", "192.168.31.240"]);
  assert.deepEqual(config.cniConfig, { name: "none" });
  // One-line lists, as in cluster-template (the shared writer pads flow brackets).
  assert.match(text, /^clusterPodNets: \[ ?"10\.42\.0\.0\/16" ?\]$/m);
  assert.match(text, /^clusterSvcNets: \[ ?"10\.43\.0\.0\/16" ?\]$/m);
  assert.deepEqual(config.patches, [
    "@./patches/global/machine-files.yaml",
    "@./patches/global/machine-kubelet.yaml",
    "@./patches/global/machine-network.yaml",
    "@./patches/global/machine-sysctls.yaml",
    "@./patches/global/machine-time.yaml",
  ]);
  assert.deepEqual(config.controlPlane, {
    patches: ["@./patches/controller/admission-controller-patch.yaml", "@./patches/controller/cluster.yaml"],
  });
  assert.equal(config.worker, undefined);
});

test("homelab: the node entry is a static, MAC-selected NIC with a default route", () => {
  const [node] = talconfig(homelabCluster()).nodes;
  assert.deepEqual(node, {
    hostname: "cp-01",
    ipAddress: "192.168.31.252",
    installDisk: "/dev/sdb",
    machineSpec: { secureboot: false },
    talosImageURL: "factory.talos.dev/installer/376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba",
    controlPlane: true,
    networkInterfaces: [
      {
        deviceSelector: { hardwareAddr: "00:11:22:33:44:55" },
        dhcp: false,
        addresses: ["192.168.31.252/24"],
        routes: [{ network: "0.0.0.0/0", gateway: "192.168.31.1" }],
        mtu: 1500,
        vip: { ip: "192.168.31.240" },
      },
    ],
  });
});

test("talenv.yaml carries the versions under Renovate comments", () => {
  const text = textOf(emitTalhelper(homelabCluster()), "talos/talenv.yaml");
  assert.equal(
    text,
    [
      "# renovate: datasource=docker depName=ghcr.io/siderolabs/installer",
      "talosVersion: v1.10.7",
      "# renovate: datasource=docker depName=ghcr.io/siderolabs/kubelet",
      "kubernetesVersion: v1.33.4",
      "",
    ].join("\n"),
  );
});

test("VLAN: addressing, route, MTU and VIP move onto the tagged interface", () => {
  const config = talconfig(haVlanCluster());
  const cp = config.nodes.find((n) => n.hostname === "cp-01")!;
  assert.deepEqual(cp.networkInterfaces, [
    {
      deviceSelector: { hardwareAddr: "00:11:22:33:44:0b" },
      vlans: [
        {
          vlanId: 20,
          addresses: ["192.168.31.11/24"],
          routes: [{ network: "0.0.0.0/0", gateway: "192.168.31.1" }],
          mtu: 1500,
          vip: { ip: "192.168.31.240" },
        },
      ],
    },
  ]);
  // Jumbo frames: the parent link must be at least as large as the VLAN.
  const w2 = config.nodes.find((n) => n.hostname === "w-02")!;
  assert.equal(w2.networkInterfaces[0]!.mtu, 9000);
  assert.equal(w2.networkInterfaces[0]!.vlans![0]!.mtu, 9000);
});

test("multi-node: roles, disks, Secure Boot and inline patches per node", () => {
  const config = talconfig(haVlanCluster());
  assert.deepEqual(
    config.nodes.map((n) => [n.hostname, n.controlPlane]),
    [["cp-01", true], ["cp-02", true], ["cp-03", true], ["w-01", false], ["w-02", false]],
  );
  const byName = new Map(config.nodes.map((n) => [n.hostname, n]));
  assert.deepEqual(byName.get("cp-02")!.installDiskSelector, { serial: "S4EVNF0M123456" });
  assert.equal(byName.get("cp-02")!.installDisk, undefined);
  assert.deepEqual(byName.get("w-01")!.installDiskSelector, { model: "Samsung SSD 970", busPath: "/pci0000:00/0000:00:1d.0" });

  const cp3 = byName.get("cp-03")!;
  assert.deepEqual(cp3.machineSpec, { secureboot: true });
  assert.equal(
    cp3.talosImageURL,
    "factory.talos.dev/installer-secureboot/376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba",
  );
  assert.equal(cp3.patches!.length, 1);
  const luks = { provider: "luks2", keys: [{ slot: 0, tpm: {} }] };
  assert.deepEqual(parse(cp3.patches![0]!), { machine: { systemDiskEncryption: { state: luks, ephemeral: luks } } });

  const w2 = byName.get("w-02")!;
  assert.deepEqual(parse(w2.patches![0]!), { machine: { kernel: { modules: [{ name: "nvidia" }, { name: "nvidia_uvm" }] } } });
  assert.equal(byName.get("cp-01")!.patches, undefined);

  // cluster-template ships no worker patch, so even with workers there is no worker group.
  assert.equal(config.worker, undefined);
  assert.deepEqual(config.additionalApiServerCertSans, ["127.0.0.1", "192.168.31.240", "k8s.example.com"]);
});

test("global and controller patches carry the node network", () => {
  const files = emitTalhelper(haVlanCluster());
  const kubelet = parse(textOf(files, "talos/patches/global/machine-kubelet.yaml"));
  assert.deepEqual(kubelet, {
    machine: { kubelet: { extraConfig: { serializeImagePulls: false }, nodeIP: { validSubnets: ["192.168.31.0/24"] } } },
  });
  const cluster = parse(textOf(files, "talos/patches/controller/cluster.yaml")) as {
    cluster: { etcd: { advertisedSubnets: string[] }; coreDNS: unknown; proxy: unknown; allowSchedulingOnControlPlanes: boolean };
  };
  assert.deepEqual(cluster.cluster.etcd.advertisedSubnets, ["192.168.31.0/24"]);
  assert.deepEqual(cluster.cluster.coreDNS, { disabled: true });
  assert.deepEqual(cluster.cluster.proxy, { disabled: true });
  assert.equal(cluster.cluster.allowSchedulingOnControlPlanes, true);
  const containerd = textOf(files, "talos/patches/global/machine-files.yaml");
  assert.match(containerd, /path: \/etc\/cri\/conf\.d\/20-customization\.part/);
  assert.match(containerd, /permissions: 0o644/);
  assert.match(containerd, /discard_unpacked_layers = false/);
  assert.match(containerd, /device_ownership_from_security_context = true/);
  assert.deepEqual(parse(textOf(files, "talos/patches/global/machine-network.yaml")), {
    machine: { network: { disableSearchDomain: true, nameservers: ["1.1.1.1", "1.0.0.1"] } },
  });
  assert.deepEqual(parse(textOf(files, "talos/patches/global/machine-time.yaml")), {
    machine: { time: { disabled: false, servers: ["162.159.200.1", "162.159.200.123"] } },
  });
  assert.deepEqual(parse(textOf(files, "talos/patches/controller/admission-controller-patch.yaml")), [
    { op: "remove", path: "/cluster/apiServer/admissionControl" },
  ]);
});

test("Talos 1.12+: no JSON6902 patch, resolver and time as their own documents", () => {
  const files = emitTalhelper(homelabCluster({ talosVersion: "v1.12.4" }));
  const admission = textOf(files, "talos/patches/controller/admission-controller-patch.yaml");
  // `$$` survives talhelper's envsubst as Talos' `$patch`.
  assert.deepEqual(parse(admission), { cluster: { apiServer: { admissionControl: { $$patch: "delete" } } } });
  assert.deepEqual(parse(textOf(files, "talos/patches/global/machine-network.yaml")), {
    apiVersion: "v1alpha1",
    kind: "ResolverConfig",
    nameservers: [{ address: "1.1.1.1" }, { address: "1.0.0.1" }],
    searchDomains: { disableDefault: true },
  });
  assert.deepEqual(parse(textOf(files, "talos/patches/global/machine-time.yaml")), {
    apiVersion: "v1alpha1",
    kind: "TimeSyncConfig",
    enabled: true,
    ntp: { servers: ["162.159.200.1", "162.159.200.123"] },
  });
});

test("Talos 1.13 patches validate against the 1.13 schema (the envsubst-escaped delete aside)", () => {
  const dir = writeTree(emitTalhelper(haVlanCluster({ talosVersion: "v1.13.2" })));
  try {
    // The validator knows `$patch` but not talhelper's `$$patch` escape.
    const result = validateTree(dir, ["--talos-patches", "--talos", "1.13", "--ignore", "admission-controller-patch"]);
    assert.equal(result.status, 0, result.output);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("talos/patches/README.md lists every patch file", () => {
  const files = emitTalhelper(homelabCluster());
  const readme = textOf(files, "talos/patches/README.md");
  for (const file of files) {
    const match = /^talos\/patches\/(global|controller|worker)\/(.+)$/.exec(file.path);
    if (match) assert.ok(readme.includes(`\`${match[2]}\``), `${file.path} missing from README`);
  }
  assert.match(readme, /labc/);
});
