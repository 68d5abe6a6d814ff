import type { ClusterModel, NodeModel } from "../../model/model.js";
import type { NetworkInterfaceSpec, RouteSpec } from "../../talos/index.js";

/**
 * The node's NIC as talhelper reads it from the `networkInterfaces` entry labc writes into
 * talconfig.yaml (compiler/emit/talhelper/node-entry.ts): selected by MAC, static address, a
 * default route via the network's gateway, the MTU, and the API VIP on control planes only.
 * With a VLAN tag everything moves onto the tagged interface, and the parent only carries an MTU
 * above 1500 (a VLAN can't be larger than its parent link).
 */
export function nodeInterface(cluster: ClusterModel, node: NodeModel): NetworkInterfaceSpec {
  const network = node.network;
  const addresses = [`${node.address}/${network.cidr.prefix}`];
  const routes: RouteSpec[] = [{ network: "0.0.0.0/0", gateway: network.gateway }];
  // Talos elects one holder of a layer-2 VIP among the nodes that carry it: only control planes
  // run the API server behind it, so a worker holding it would black-hole the API.
  const vip = node.role === "controlplane" ? { vip: cluster.endpoint } : {};
  if (network.vlan === undefined) {
    return { mac: node.mac, dhcp: false, addresses, routes, mtu: node.mtu, ...vip };
  }
  return {
    mac: node.mac,
    ...(node.mtu > 1500 ? { mtu: node.mtu } : {}),
    vlans: [{ vlanId: network.vlan, addresses, routes, mtu: node.mtu, ...vip }],
  };
}
