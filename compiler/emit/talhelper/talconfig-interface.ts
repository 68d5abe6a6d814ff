import type { NetworkInterfaceSpec, RouteSpec, VlanSpec } from "../../talos/index.js";
import { quoted } from "../../talos/cluster/index.js";

/**
 * One talconfig.yaml `networkInterfaces[]` entry (talhelper's copy of the v1alpha1 Device) from a
 * link spec, keys in cluster-template's order. Addresses, MACs and gateways are quoted so no YAML
 * 1.1 reader takes them for numbers or sexagesimals.
 */
export function talconfigInterface(spec: NetworkInterfaceSpec): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (spec.bond) {
    out["interface"] = spec.link;
    // Members by permanent MAC: a bond gives its members the bond's own MAC once enslaved.
    const bond: Record<string, unknown> = { deviceSelectors: spec.bond.memberMacs.map((mac) => ({ permanentAddr: quoted(mac) })), mode: spec.bond.mode };
    if (spec.bond.lacpRate) bond["lacpRate"] = spec.bond.lacpRate;
    if (spec.bond.xmitHashPolicy) bond["xmitHashPolicy"] = spec.bond.xmitHashPolicy;
    if (spec.bond.miimon !== undefined) bond["miimon"] = spec.bond.miimon;
    if (spec.bond.updelay !== undefined) bond["updelay"] = spec.bond.updelay;
    if (spec.bond.downdelay !== undefined) bond["downdelay"] = spec.bond.downdelay;
    out["bond"] = bond;
  } else {
    out["deviceSelector"] = { hardwareAddr: quoted(spec.mac ?? "") };
  }
  if (spec.vlans?.length) {
    if (spec.mtu !== undefined) out["mtu"] = spec.mtu;
    out["vlans"] = spec.vlans.map(vlan);
    return out;
  }
  if (spec.dhcp !== undefined) out["dhcp"] = spec.dhcp;
  Object.assign(out, addressing(spec));
  return out;
}

function addressing(spec: { readonly addresses?: readonly string[]; readonly routes?: readonly RouteSpec[]; readonly mtu?: number; readonly vip?: string }): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (spec.addresses?.length) out["addresses"] = spec.addresses.map((a) => quoted(a));
  if (spec.routes?.length) out["routes"] = spec.routes.map(route);
  if (spec.mtu !== undefined) out["mtu"] = spec.mtu;
  if (spec.vip !== undefined) out["vip"] = { ip: quoted(spec.vip) };
  return out;
}

function vlan(spec: VlanSpec): Record<string, unknown> {
  return { vlanId: spec.vlanId, ...addressing(spec) };
}

function route(r: RouteSpec): Record<string, unknown> {
  return { network: quoted(r.network ?? "0.0.0.0/0"), gateway: quoted(r.gateway), ...(r.metric !== undefined ? { metric: r.metric } : {}) };
}
