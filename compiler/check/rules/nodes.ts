import type { Reporter } from "../../../lang/diagnostics/reporter.js";
import type { Lowered } from "../lower/lowered.js";

/** Control-plane count and quorum, unique MACs, and secure boot needing a secure-boot image. */
export function checkNodes(l: Lowered, r: Reporter): void {
  const cluster = l.cluster;
  const controlPlanes = l.nodes.filter((n) => n.role?.value === "controlplane");
  const rolesKnown = l.nodes.every((n) => n.role);
  if (cluster && rolesKnown && controlPlanes.length === 0) {
    r.report("noControlPlane", cluster.nameSpan, l.nodes.length === 0 ? "the cluster has no nodes; declare at least one 'node <name> { role = controlplane … }'" : "no node has role = controlplane; a cluster needs at least one (three for high availability)");
  } else if (controlPlanes.length % 2 === 0 && controlPlanes.length > 0) {
    const last = controlPlanes[controlPlanes.length - 1]!;
    r.report("evenControlPlanes", last.role!.span, `${controlPlanes.length} control planes tolerate no more failures than ${controlPlanes.length - 1}: etcd needs a majority, so use an odd number`, {
      related: controlPlanes.slice(0, -1).map((n) => ({ span: n.nameSpan, message: `control plane '${n.name}'` })),
    });
  }
  const macs = new Map<string, { name: string; span: typeof l.nodes[number]["nameSpan"] }>();
  for (const node of l.nodes) {
    if (!node.mac) continue;
    const earlier = macs.get(node.mac.value);
    if (earlier) {
      r.report("duplicateMac", node.mac.span, `MAC ${node.mac.value} is node '${earlier.name}'s already; every node needs its own interface`, {
        related: [{ span: earlier.span, message: `node '${earlier.name}' uses ${node.mac.value}` }],
      });
    } else macs.set(node.mac.value, { name: node.name, span: node.mac.span });
    if (node.mtu !== undefined && node.network?.vlan !== undefined && node.mtu > 9000 - 4) {
      r.report("outOfRange", node.nameSpan, `MTU ${node.mtu} leaves no room for the 4-byte VLAN tag; use at most 8996`);
    }
  }
}
