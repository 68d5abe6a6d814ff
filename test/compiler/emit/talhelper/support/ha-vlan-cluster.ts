import type { ClusterModel, NetworkModel, NodeModel } from "../../../../../compiler/model/model.js";
import { homelabCluster } from "../../../../support/homelab-model.js";

/**
 * The homelab grown to three control planes and two workers on VLAN 20, exercising every
 * per-node knob: selector disks, Secure Boot, TPM encryption, kernel modules and jumbo frames.
 */
export function haVlanCluster(overrides: Partial<ClusterModel> = {}): ClusterModel {
  const base = homelabCluster();
  const tagged: NetworkModel = { ...base.network, vlan: 20 };
  const template = base.nodes[0]!;
  const node = (name: string, role: NodeModel["role"], host: number, extra: Partial<NodeModel> = {}): NodeModel => ({
    ...template,
    name,
    role,
    address: `192.168.31.${host}`,
    mac: `00:11:22:33:44:${host.toString(16).padStart(2, "0")}`,
    network: tagged,
    ...extra,
  });
  return homelabCluster({
    network: tagged,
    networks: [tagged],
    certSans: ["127.0.0.1", "192.168.31.240", "k8s.example.com"],
    nodes: [
      node("cp-01", "controlplane", 11),
      node("cp-02", "controlplane", 12, { disk: { kind: "selector", serial: "S4EVNF0M123456" } }),
      node("cp-03", "controlplane", 13, { secureboot: true, encryptDisk: true }),
      node("w-01", "worker", 21, { disk: { kind: "selector", model: "Samsung SSD 970", busPath: "/pci0000:00/0000:00:1d.0" } }),
      node("w-02", "worker", 22, { mtu: 9000, kernelModules: ["nvidia", "nvidia_uvm"] }),
    ],
    ...overrides,
  });
}
