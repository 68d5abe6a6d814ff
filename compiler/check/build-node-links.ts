import type { BondModel, NetworkModel, NicModel, NodeModel, StaticRouteModel } from "../model/model.js";
import type { Located } from "./fields/located.js";
import type { LoweredBond, LoweredNode, LoweredRoute } from "./lower/lowered.js";
import { contains, networkOf, parseIPv4 } from "../net/ipv4.js";

type Links = Pick<NodeModel, "mac" | "bond" | "routes" | "nics">;

function bondModel(b: LoweredBond): BondModel | undefined {
  if (!b.mode || b.macs.length === 0) return undefined;
  return {
    macs: b.macs.map((m: Located<string>) => m.value),
    mode: b.mode,
    ...(b.lacpRate ? { lacpRate: b.lacpRate } : {}),
    ...(b.xmitHashPolicy ? { xmitHashPolicy: b.xmitHashPolicy } : {}),
    ...(b.miimon !== undefined ? { miimon: b.miimon } : {}),
    ...(b.updelay !== undefined ? { updelay: b.updelay.value } : {}),
    ...(b.downdelay !== undefined ? { downdelay: b.downdelay.value } : {}),
  };
}

function routeModel(r: LoweredRoute): StaticRouteModel | undefined {
  if (!r.to || !r.via) return undefined;
  return { to: r.to.value, via: r.via.value, ...(r.metric !== undefined ? { metric: r.metric } : {}) };
}

function holds(network: NetworkModel, address: string): boolean {
  const base = parseIPv4(network.cidr.address);
  const ip = parseIPv4(address);
  return base.ok && ip.ok && contains(networkOf(base.value, network.cidr.prefix), ip.value);
}

/**
 * The node's links for the model: the primary (MAC or bond, its MTU, the routes through its
 * network) and the extra NICs. A node-level route goes on the link whose network holds its
 * gateway, which the rules have already checked exists. Undefined when a piece failed to read.
 */
export function nodeLinks(n: LoweredNode, network: NetworkModel, networks: ReadonlyMap<string, NetworkModel>): Links | undefined {
  const bond = n.bond ? bondModel(n.bond) : undefined;
  if (!n.mac && !bond) return undefined;
  const nics: { model: Omit<NicModel, "routes">; routes: StaticRouteModel[] }[] = [];
  for (const nic of n.nics) {
    const nicNetwork = nic.network && networks.get(nic.network.name);
    const nicBond = nic.bond ? bondModel(nic.bond) : undefined;
    if (!nicNetwork || !nic.address || (!nic.mac && !nicBond)) return undefined;
    const routes: StaticRouteModel[] = [];
    for (const r of nic.routes) {
      const route = routeModel(r);
      if (!route) return undefined;
      routes.push(route);
    }
    nics.push({
      model: {
        name: nic.name,
        ...(nic.mac ? { mac: nic.mac.value } : {}),
        ...(nicBond ? { bond: nicBond } : {}),
        address: nic.address.value,
        network: nicNetwork,
        mtu: nic.mtu ?? nicNetwork.mtu,
      },
      routes,
    });
  }
  const primaryRoutes: StaticRouteModel[] = [];
  for (const r of n.routes) {
    const route = routeModel(r);
    if (!route) return undefined;
    if (holds(network, route.via)) primaryRoutes.push(route);
    else {
      const target = nics.find((x) => holds(x.model.network, route.via));
      if (!target) return undefined;
      target.routes.push(route);
    }
  }
  return {
    ...(n.mac ? { mac: n.mac.value } : {}),
    ...(bond ? { bond } : {}),
    ...(primaryRoutes.length > 0 ? { routes: primaryRoutes } : {}),
    ...(nics.length > 0 ? { nics: nics.map((x) => ({ ...x.model, routes: x.routes })) } : {}),
  };
}
