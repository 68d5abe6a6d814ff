import type { Reporter } from "../../../lang/diagnostics/reporter.js";
import type { Span } from "../../../lang/diagnostics/span.js";
import type { Cidr } from "../../model/model.js";
import type { Located } from "../fields/located.js";
import type { Lowered, LoweredNetwork } from "../lower/lowered.js";
import { broadcast, contains, formatIPv4, networkOf, overlaps, parseIPv4, type Network4 } from "../../net/ipv4.js";

/** An address some role claims on the LAN; two claims on one address are a collision. */
interface Claim {
  readonly address: string;
  readonly role: string;
  readonly span: Span;
}

function net(cidr: Cidr): Network4 {
  const base = parseIPv4(cidr.address);
  return networkOf(base.ok ? base.value : 0, cidr.prefix);
}

function ip(text: string): number {
  const p = parseIPv4(text);
  return p.ok ? p.value : -1;
}

/**
 * Address rules: nodes, VIP, gateways and load-balancer addresses inside their network and
 * distinct from each other; networks, pods and services not overlapping; services big enough.
 */
export interface LoadBalancerAddress {
  readonly address: Located<string>;
  /** Who announces it, for messages: "the address of app 'k8s-gateway'" (see addressRole). */
  readonly role: string;
}

export function checkAddresses(l: Lowered, loadBalancers: readonly LoadBalancerAddress[], r: Reporter): void {
  const claims: Claim[] = [];
  const primary = l.nodes.find((n) => n.network)?.network ?? l.networks[0];

  for (const n of l.networks) {
    if (!n.cidr || !n.gateway) continue;
    insideHost(n.gateway, n, `the gateway of network '${n.name}'`, r);
    claims.push({ address: n.gateway.value, role: `the gateway of network '${n.name}'`, span: n.gateway.span });
  }

  for (const node of l.nodes) {
    if (node.address && node.network?.cidr && insideHost(node.address, node.network, `node '${node.name}'`, r)) {
      claims.push({ address: node.address.value, role: `node '${node.name}'`, span: node.address.span });
    }
    // Extra NICs claim their addresses like nodes do: the same LAN plan, whichever network.
    for (const nic of node.nics) {
      const role = `NIC '${nic.name}' of node '${node.name}'`;
      if (nic.address && nic.network?.cidr && insideHost(nic.address, nic.network, role, r)) claims.push({ address: nic.address.value, role, span: nic.address.span });
    }
  }

  const endpoint = l.cluster?.endpoint;
  if (endpoint && primary?.cidr) {
    if (insideHost(endpoint, primary, "the API endpoint VIP", r)) claims.push({ address: endpoint.value, role: "the API endpoint VIP", span: endpoint.span });
  }

  for (const { address, role } of loadBalancers) {
    if (primary?.cidr && !insideHost(address, primary, role, r)) continue;
    claims.push({ address: address.value, role, span: address.span });
  }

  const first = new Map<string, Claim>();
  for (const claim of claims) {
    const earlier = first.get(claim.address);
    if (!earlier) {
      first.set(claim.address, claim);
      continue;
    }
    r.report("addressCollision", claim.span, `${claim.address} is ${earlier.role} already, so it cannot also be ${claim.role}`, {
      related: [{ span: earlier.span, message: `${earlier.role} uses ${claim.address}` }],
    });
  }

  checkOverlaps(l, r);
}

function insideHost(addr: Located<string>, network: LoweredNetwork, role: string, r: Reporter): boolean {
  const cidr = network.cidr!.value;
  const n = net(cidr);
  const a = ip(addr.value);
  if (!contains(n, a)) {
    r.report("outsideNetwork", addr.span, `${role} ${addr.value} is outside network '${network.name}' (${cidr.text})`, {
      related: [{ span: network.cidr!.span, message: `network '${network.name}' is ${cidr.text}` }],
    });
    return false;
  }
  if (n.prefix < 31 && (a === n.base || a === broadcast(n))) {
    const which = a === n.base ? "network address" : "broadcast address";
    r.report("outsideNetwork", addr.span, `${role} ${addr.value} is the ${which} of ${cidr.text}, which no host may use`);
    return false;
  }
  return true;
}

function checkOverlaps(l: Lowered, r: Reporter): void {
  const ranges: { label: string; cidr: Located<Cidr> }[] = [];
  for (const n of l.networks) if (n.cidr) ranges.push({ label: `network '${n.name}'`, cidr: n.cidr });
  if (l.cluster?.pods) ranges.push({ label: "the pod CIDR", cidr: l.cluster.pods });
  if (l.cluster?.services) ranges.push({ label: "the service CIDR", cidr: l.cluster.services });
  // Parsed once, and one diagnostic per range (at the first earlier range it overlaps): with
  // thousands of networks, parsing per pair and reporting every pair made this pass quadratic in output too.
  const nets = ranges.map((x) => net(x.cidr.value));
  for (let i = 0; i < ranges.length; i++) {
    let first = -1;
    let more = 0;
    for (let j = 0; j < i; j++) {
      if (!overlaps(nets[i]!, nets[j]!)) continue;
      if (first === -1) first = j;
      else more++;
    }
    if (first === -1) continue;
    const a = ranges[i]!;
    const b = ranges[first]!;
    const others = more > 0 ? ` (and ${more} more declared before it)` : "";
    r.report("overlappingCidrs", a.cidr.span, `${a.label} ${a.cidr.value.text} overlaps ${b.label} ${b.cidr.value.text}${others}`, {
      related: [{ span: b.cidr.span, message: `${b.label} is ${b.cidr.value.text}` }],
    });
  }
  const services = l.cluster?.services;
  if (services && services.value.prefix > 28) {
    r.report("smallServiceCidr", services.span, `the service CIDR ${services.value.text} is too small: CoreDNS takes its 10th address and Kubernetes needs room for services; use /28 or larger (e.g. ${formatIPv4(net(services.value).base)}/16)`);
  }
}
