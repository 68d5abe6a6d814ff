import type { GoValue } from "../yaml/go-encode.js";
import type { Doc } from "./common.js";
import type { NetworkInterfaceSpec, RouteSpec, VlanSpec } from "./input.js";

/** Legacy v1alpha1 routes: `network` and `gateway` are always written (no omitempty in Go). */
function legacyRoute(route: RouteSpec): Doc {
  const out: Doc = { network: route.network ?? "0.0.0.0/0", gateway: route.gateway };
  if (route.metric) out["metric"] = route.metric;
  return out;
}

function legacyVlan(vlan: VlanSpec): Doc {
  const out: Doc = {};
  if (vlan.addresses?.length) out["addresses"] = [...vlan.addresses];
  out["routes"] = (vlan.routes ?? []).map(legacyRoute);
  if (vlan.dhcp !== undefined) out["dhcp"] = vlan.dhcp;
  out["vlanId"] = vlan.vlanId;
  if (vlan.mtu) out["mtu"] = vlan.mtu;
  if (vlan.vip) out["vip"] = { ip: vlan.vip };
  return out;
}

/** One `machine.network.interfaces` entry (contracts ≤1.11), selecting the NIC by MAC. */
export function legacyInterface(spec: NetworkInterfaceSpec, index: number): Doc {
  const out: Doc = {};
  if (spec.bond) {
    out["interface"] = spec.link ?? `bond${index}`;
    const bond: Doc = {
      interfaces: [],
      // The permanent address survives enslavement, so it identifies bond members reliably.
      deviceSelectors: spec.bond.memberMacs.map((mac) => ({ permanentAddr: mac })),
      mode: spec.bond.mode,
    };
    if (spec.bond.xmitHashPolicy) bond["xmitHashPolicy"] = spec.bond.xmitHashPolicy;
    if (spec.bond.lacpRate) bond["lacpRate"] = spec.bond.lacpRate;
    if (spec.bond.miimon) bond["miimon"] = spec.bond.miimon;
    if (spec.bond.updelay) bond["updelay"] = spec.bond.updelay;
    if (spec.bond.downdelay) bond["downdelay"] = spec.bond.downdelay;
    out["bond"] = bond;
  } else {
    out["deviceSelector"] = { hardwareAddr: spec.mac ?? "" };
  }
  if (spec.addresses?.length) out["addresses"] = [...spec.addresses];
  if (spec.routes?.length) out["routes"] = spec.routes.map(legacyRoute);
  if (spec.vlans?.length) out["vlans"] = spec.vlans.map(legacyVlan);
  if (spec.mtu) out["mtu"] = spec.mtu;
  if (spec.dhcp !== undefined) out["dhcp"] = spec.dhcp;
  if (spec.vip) out["vip"] = { ip: spec.vip };
  return out;
}

const V = "v1alpha1";

/** Multi-doc routes: a default route leaves `destination` out, as talhelper does. */
function route(r: RouteSpec): Doc {
  const out: Doc = {};
  if (r.network && r.network !== "0.0.0.0/0" && r.network !== "::/0") out["destination"] = r.network;
  out["gateway"] = r.gateway;
  if (r.metric) out["metric"] = r.metric;
  return out;
}

/** Addressing shared by LinkConfig, VLANConfig and BondConfig (CommonLinkConfig). */
function linkCommon(spec: { readonly addresses?: readonly string[]; readonly routes?: readonly RouteSpec[]; readonly mtu?: number }): Doc {
  const out: Doc = {};
  if (spec.mtu) out["mtu"] = spec.mtu;
  if (spec.addresses?.length) out["addresses"] = spec.addresses.map((address) => ({ address }));
  if (spec.routes?.length) out["routes"] = spec.routes.map(route);
  return out;
}

function macMatch(field: "hardware_addr" | "permanent_addr", mac: string): GoValue {
  return { match: `glob(${JSON.stringify(mac)}, mac(link.${field}))` };
}

/**
 * The documents of one interface on contracts 1.12+ (talhelper's networkInterfaces translation),
 * by the talhelper generator that writes them: talhelper runs each generator over every interface
 * in turn, so a node's documents come grouped in this order (see `talhelperOrder`).
 */
export interface InterfaceDocuments {
  readonly aliases: Doc[];
  readonly memberAliases: Doc[];
  readonly bonds: Doc[];
  readonly dhcp: Doc[];
  readonly vips: Doc[];
  readonly links: Doc[];
  /** Each VLAN's VLANConfig, then its DHCP and VIP documents. */
  readonly vlans: Doc[];
}

/** talhelper's `genMultiDocs` order: aliases, bond member aliases, bonds, DHCP, VIPs, links, VLANs. */
export function talhelperOrder(perInterface: readonly InterfaceDocuments[]): Doc[] {
  const keys = ["aliases", "memberAliases", "bonds", "dhcp", "vips", "links", "vlans"] as const;
  return keys.flatMap((key) => perInterface.flatMap((docs) => docs[key]));
}

export function multidocInterface(spec: NetworkInterfaceSpec, link: string): InterfaceDocuments {
  const docs: InterfaceDocuments = { aliases: [], memberAliases: [], bonds: [], dhcp: [], vips: [], links: [], vlans: [] };
  if (spec.bond) {
    const members = spec.bond.memberMacs.map((mac, i) => {
      const name = `${link}-m${i}`;
      docs.memberAliases.push({ apiVersion: V, kind: "LinkAliasConfig", name, selector: macMatch("permanent_addr", mac) });
      return name;
    });
    const bond: Doc = { apiVersion: V, kind: "BondConfig", name: link, links: members, bondMode: spec.bond.mode };
    if (spec.bond.miimon) bond["miimon"] = spec.bond.miimon;
    if (spec.bond.updelay) bond["updelay"] = spec.bond.updelay;
    if (spec.bond.downdelay) bond["downdelay"] = spec.bond.downdelay;
    if (spec.bond.xmitHashPolicy) bond["xmitHashPolicy"] = spec.bond.xmitHashPolicy;
    if (spec.bond.lacpRate) bond["lacpRate"] = spec.bond.lacpRate;
    docs.bonds.push({ ...bond, ...linkCommon(spec) });
  } else {
    docs.aliases.push({ apiVersion: V, kind: "LinkAliasConfig", name: link, selector: macMatch("hardware_addr", spec.mac ?? "") });
    const common = linkCommon(spec);
    if (Object.keys(common).length > 0) docs.links.push({ apiVersion: V, kind: "LinkConfig", name: link, ...common });
  }
  if (spec.dhcp) docs.dhcp.push({ apiVersion: V, kind: "DHCPv4Config", name: link });
  if (spec.vip) docs.vips.push({ apiVersion: V, kind: "Layer2VIPConfig", name: spec.vip, link });
  for (const vlan of spec.vlans ?? []) {
    const name = `${link}.${vlan.vlanId}`;
    docs.vlans.push({ apiVersion: V, kind: "VLANConfig", name, vlanID: vlan.vlanId, parent: link, ...linkCommon(vlan) });
    if (vlan.dhcp) docs.vlans.push({ apiVersion: V, kind: "DHCPv4Config", name });
    if (vlan.vip) docs.vlans.push({ apiVersion: V, kind: "Layer2VIPConfig", name: vlan.vip, link: name });
  }
  return docs;
}

/**
 * Link names for each interface: the given one, else talhelper's: `ethSel0`, `ethSel1`, … for NICs
 * picked by a selector, `bond0`, … for bonds, in declaration order (talhelper's
 * GenerateLinkAliasConfigBytes), so both tools give a link the same name.
 */
export function linkNames(specs: readonly NetworkInterfaceSpec[]): string[] {
  const used = new Set(specs.flatMap((s) => (s.link ? [s.link] : [])));
  const next = (prefix: string, counter: { n: number }): string => {
    let name: string;
    do name = `${prefix}${counter.n++}`;
    while (used.has(name));
    used.add(name);
    return name;
  };
  const nics = { n: 0 };
  const bonds = { n: 0 };
  return specs.map((s) => s.link ?? (s.bond ? next("bond", bonds) : next("ethSel", nics)));
}
