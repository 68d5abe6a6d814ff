import type { Reporter } from "../../../lang/diagnostics/reporter.js";
import type { Span } from "../../../lang/diagnostics/span.js";
import type { Located } from "../fields/located.js";
import type { Lowered, LoweredBond, LoweredNetwork, LoweredNode, LoweredRoute } from "../lower/lowered.js";
import { contains, networkOf, parseIPv4 } from "../../net/ipv4.js";

/**
 * The links of every node: MACs unique across all NICs and bond members, a node's NICs on distinct
 * networks, VLAN room in the MTU, and static routes that Talos can install (a gateway on the
 * link's own network, no second default route). Addresses are addresses.ts's.
 */
export function checkNics(l: Lowered, r: Reporter): void {
  checkMacs(l, r);
  for (const node of l.nodes) {
    checkNetworks(node, r);
    checkRoutes(node, r);
  }
}

/** One link of a node as the rules see it: the primary (`nic` undefined) or a named extra NIC. */
interface Link {
  readonly label: string;
  readonly network?: LoweredNetwork;
  readonly mac?: Located<string>;
  readonly bond?: LoweredBond;
  readonly mtu?: number;
  readonly routes: readonly LoweredRoute[];
  readonly span: Span;
}

function links(node: LoweredNode): Link[] {
  const primary: Link = {
    label: `node '${node.name}'`,
    ...(node.network ? { network: node.network } : {}),
    ...(node.mac ? { mac: node.mac } : {}),
    ...(node.bond ? { bond: node.bond } : {}),
    ...(node.mtu !== undefined ? { mtu: node.mtu } : {}),
    routes: [],
    span: node.nameSpan,
  };
  return [primary, ...node.nics.map((n) => ({ ...n, label: `NIC '${n.name}' of node '${node.name}'`, span: n.nameSpan }))];
}

function checkMacs(l: Lowered, r: Reporter): void {
  const first = new Map<string, { owner: string; span: Span }>();
  const claim = (mac: Located<string>, owner: string) => {
    const earlier = first.get(mac.value);
    if (!earlier) {
      first.set(mac.value, { owner, span: mac.span });
      return;
    }
    r.report("duplicateMac", mac.span, `MAC ${mac.value} is ${earlier.owner}'s already; every NIC and bond member has its own MAC`, {
      related: [{ span: earlier.span, message: `${earlier.owner} uses ${mac.value}` }],
    });
  };
  for (const node of l.nodes) {
    for (const link of links(node)) {
      if (link.mac) claim(link.mac, link.label);
      for (const member of link.bond?.macs ?? []) claim(member, `a bond member of ${link.label}`);
      if (link.bond && link.bond.macs.length === 0) {
        r.report("missingField", link.bond.span, `the bond of ${link.label} has no members; list their MACs: macs = [aa:bb:cc:dd:ee:01, aa:bb:cc:dd:ee:02]`);
      }
      if (link.bond) checkBondDelays(link.bond, link.label, r);
    }
  }
}

/**
 * The kernel counts the delays in link checks: one that is not a multiple of miimon is rounded
 * down with only a log line, and without link checks there is nothing to delay.
 */
function checkBondDelays(bond: LoweredBond, label: string, r: Reporter): void {
  const miimon = bond.miimon ?? 0;
  for (const [name, delay] of [["updelay", bond.updelay], ["downdelay", bond.downdelay]] as const) {
    if (!delay || delay.value === 0) continue;
    if (miimon === 0) {
      r.report("outOfRange", delay.span, `${name} of the bond of ${label} needs link checks; set miimon (for example 100) or drop ${name}`);
    } else if (delay.value % miimon !== 0) {
      const down = Math.max(miimon, Math.floor(delay.value / miimon) * miimon);
      r.report("outOfRange", delay.span, `${name} ${delay.value} of the bond of ${label} is not a multiple of miimon ${miimon}; the kernel would round it down`, {
        fix: { message: `use ${down}`, edits: [{ span: delay.span, newText: String(down) }] },
      });
    }
  }
}

/**
 * Two links on one network give the node two addresses in one subnet on different links: replies
 * leave by whichever link the kernel picks first, and rp_filter drops the rest.
 */
function checkNetworks(node: LoweredNode, r: Reporter): void {
  const seen = new Map<string, Link>();
  for (const link of links(node)) {
    if (!link.network) continue;
    const earlier = seen.get(link.network.name);
    if (!earlier) {
      seen.set(link.network.name, link);
      continue;
    }
    r.report("nicNetworkTwice", link.span, `${link.label} is on network '${link.network.name}', like ${earlier.label}; give each NIC its own network (or bond the two NICs)`, {
      related: [{ span: earlier.span, message: `${earlier.label} is on '${link.network.name}'` }],
    });
  }
}

function holds(network: LoweredNetwork | undefined, address: string): boolean {
  const base = network?.cidr && parseIPv4(network.cidr.value.address);
  const ip = parseIPv4(address);
  return !!base && base.ok && ip.ok && contains(networkOf(base.value, network!.cidr!.value.prefix), ip.value);
}

/**
 * Talos installs a route only through a gateway it can reach on the link's subnet, so a node-level
 * route must name a gateway on one of the node's networks (it goes on that NIC), and a NIC's own
 * route one on that NIC's network. The default route is the primary network's gateway, always.
 */
function checkRoutes(node: LoweredNode, r: Reporter): void {
  const all = links(node);
  const networks = all.map((l) => l.network).filter((n): n is LoweredNetwork => !!n?.cidr);
  const check = (route: LoweredRoute, where: readonly LoweredNetwork[], owner: string) => {
    if (route.to && route.to.value.prefix === 0) {
      const gateway = node.network?.gateway?.value;
      r.report("duplicateDefaultRoute", route.to.span, `node '${node.name}' already has its default route${gateway ? ` via ${gateway}, the gateway of network '${node.network!.name}'` : ""}; a second one makes the outgoing link a matter of metrics. Route specific networks instead, or change the primary network's gateway`);
      return;
    }
    if (!route.via || where.length === 0) return;
    if (where.some((n) => holds(n, route.via!.value))) return;
    const names = where.map((n) => `'${n.name}' (${n.cidr!.value.text})`).join(", ");
    r.report("unreachableGateway", route.via.span, `gateway ${route.via.value} is not on ${where.length === 1 ? "network" : "any of the networks"} ${names} of ${owner}; Talos can only route through a gateway on the link's own subnet`);
  };
  for (const route of node.routes) check(route, networks, `node '${node.name}'`);
  for (const nic of node.nics) {
    for (const route of nic.routes) check(route, nic.network?.cidr ? [nic.network] : [], `NIC '${nic.name}' of node '${node.name}'`);
  }
}
