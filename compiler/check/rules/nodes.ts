import type { Reporter } from "../../../lang/diagnostics/reporter.js";
import type { Lowered } from "../lower/lowered.js";

/** Control-plane count and quorum (MACs, MTUs and routes are nics.ts's). */
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
}
