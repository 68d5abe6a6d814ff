import { nodeNics, type BondModel, type ClusterModel, type NicModel, type NodeModel } from "../../model/model.js";
import type { BondSpec, NetworkInterfaceSpec, RouteSpec } from "../config/input.js";

/**
 * Every link of a node, primary first, in the shape talhelper's `networkInterfaces` and labc's
 * machine-config renderer share; talconfig.yaml is printed from these very specs
 * (talconfig-interface.ts), so the two can't disagree.
 *
 * Each link is selected by MAC (or is a bond of MACs) and addressed statically. Only the primary
 * carries the default route (via its network's gateway) and, on control planes, the API VIP:
 * Talos elects one VIP holder among the nodes that carry it, and a second default route would
 * make the outgoing link a matter of metrics. With a VLAN tag, a link's addressing moves onto the
 * tagged sub-interface and the parent only carries an MTU above 1500 (a VLAN can't be larger
 * than its parent).
 */
export function nodeLinkSpecs(cluster: ClusterModel, node: NodeModel): NetworkInterfaceSpec[] {
  let bonds = 0;
  return nodeNics(node).map((nic, i) => {
    const primary = i === 0;
    // Bonds are named explicitly so talconfig.yaml's `interface:` and both config layouts agree.
    const link = nic.bond ? { link: `bond${bonds++}` } : {};
    return linkSpec(nic, {
      defaultGateway: primary ? nic.network.gateway : undefined,
      vip: primary && node.role === "controlplane" ? cluster.endpoint : undefined,
      ...link,
    });
  });
}

function bondSpec(bond: BondModel): BondSpec {
  return {
    memberMacs: [...bond.macs],
    mode: bond.mode,
    ...(bond.lacpRate ? { lacpRate: bond.lacpRate } : {}),
    ...(bond.xmitHashPolicy ? { xmitHashPolicy: bond.xmitHashPolicy } : {}),
    ...(bond.miimon !== undefined ? { miimon: bond.miimon } : {}),
    ...(bond.updelay !== undefined ? { updelay: bond.updelay } : {}),
    ...(bond.downdelay !== undefined ? { downdelay: bond.downdelay } : {}),
  };
}

function linkSpec(nic: NicModel, options: { defaultGateway: string | undefined; vip: string | undefined; link?: string }): NetworkInterfaceSpec {
  const addresses = [`${nic.address}/${nic.network.cidr.prefix}`];
  const routes: RouteSpec[] = [
    ...(options.defaultGateway !== undefined ? [{ network: "0.0.0.0/0", gateway: options.defaultGateway }] : []),
    ...nic.routes.map((r) => ({ network: r.to.text, gateway: r.via, ...(r.metric !== undefined ? { metric: r.metric } : {}) })),
  ];
  const selector = nic.bond ? { bond: bondSpec(nic.bond), ...(options.link ? { link: options.link } : {}) } : { mac: nic.mac! };
  const vip = options.vip !== undefined ? { vip: options.vip } : {};
  const routed = routes.length > 0 ? { routes } : {};
  const vlan = nic.network.vlan;
  if (vlan === undefined) return { ...selector, dhcp: false, addresses, ...routed, mtu: nic.mtu, ...vip };
  return {
    ...selector,
    ...(nic.mtu > 1500 ? { mtu: nic.mtu } : {}),
    vlans: [{ vlanId: vlan, addresses, ...routed, mtu: nic.mtu, ...vip }],
  };
}
