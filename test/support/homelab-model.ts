import type { ClusterModel, NetworkModel } from "../../compiler/model/model.js";
import { loadBalancerAddressesOf } from "../../compiler/model/load-balancers.js";
import { DEFAULT_PINS } from "../../compiler/model/default-pins.js";
import type { Span } from "../../lang/diagnostics/span.js";

/**
 * The homelab example's cluster, built by hand (no parser): lets emitter tests run on their own.
 * Apps are left empty here; app tests add them through the stdlib definitions.
 */
const at: Span = { file: "cluster.lab", start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };

export const demoRecipient = "age1demo0000000000000000000000000000000000000000000000000000"; // placeholder; real tests use a generated key

const lan: NetworkModel = {
  name: "lan",
  cidr: { address: "192.168.31.0", prefix: 24, text: "192.168.31.0/24" },
  gateway: "192.168.31.1",
  nameservers: ["1.1.1.1", "1.0.0.1"],
  ntpServers: ["162.159.200.1", "162.159.200.123"],
  vlan: undefined,
  mtu: 1500,
  span: at,
};

export function homelabCluster(overrides: Partial<ClusterModel> = {}): ClusterModel {
  return {
    name: "home",
    talosVersion: "v1.10.7",
    kubernetesVersion: "v1.33.4",
    endpoint: "192.168.31.240",
    apiServerUrl: "https://192.168.31.240:6443",
    certSans: ["127.0.0.1", "192.168.31.240"],
    podCidr: { address: "10.42.0.0", prefix: 16, text: "10.42.0.0/16" },
    serviceCidr: { address: "10.43.0.0", prefix: 16, text: "10.43.0.0/16" },
    clusterDnsAddress: "10.43.0.10",
    domain: "example.com",
    repository: {
      host: "github",
      owner: "owner",
      name: "home-ops",
      branch: "main",
      visibility: "public",
      url: "https://github.com/owner/home-ops.git",
    },
    network: lan,
    networks: [lan],
    nodes: [
      {
        name: "cp-01",
        role: "controlplane",
        address: "192.168.31.252",
        network: lan,
        mac: "00:11:22:33:44:55",
        disk: { kind: "path", path: "/dev/sdb" },
        schematic: "376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba",
        secureboot: false,
        encryptDisk: false,
        mtu: 1500,
        kernelModules: [],
        span: at,
      },
    ],
    apps: [],
    secrets: [],
    recipients: [demoRecipient],
    keyGroups: [[demoRecipient]],
    shamirThreshold: 1,
    pins: DEFAULT_PINS,
    span: at,
    ...overrides,
    // A derived fact: follows the apps given, as the model builder derives it.
    loadBalancerAddresses: overrides.loadBalancerAddresses ?? loadBalancerAddressesOf(overrides.apps ?? []),
  };
}
