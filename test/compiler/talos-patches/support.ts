import type { ClusterModel, TalosPatchModel } from "../../../compiler/model/model.js";
import type { Span } from "../../../lang/diagnostics/span.js";
import { haVlanCluster } from "../emit/talhelper/support/ha-vlan-cluster.js";

const at: Span = { file: "cluster.lab", start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };

export function patch(path: string, content: string): TalosPatchModel {
  return { path, content, span: at };
}

/**
 * The HA VLAN cluster (3 control planes, 2 workers) with a patch at every level: each sets the
 * node label `zone` (so the order shows in the result), the node patch also deletes a generated
 * setting with `$patch: delete` (which talhelper's envsubst would eat without escaping).
 */
export function patchedCluster(talosVersion: string): ClusterModel {
  const base = haVlanCluster({ talosVersion });
  // Talos 1.14 keeps node labels in KubeNodeConfig and host DNS in ResolverConfig.
  const typed = talosVersion.startsWith("v1.14");
  const label = (key: string, value: string) =>
    typed ? `apiVersion: v1alpha1\nkind: KubeNodeConfig\nlabels:\n  ${key}: "${value}"\n` : `machine:\n  nodeLabels:\n    ${key}: "${value}"\n`;
  const noHostDns = typed ? "---\napiVersion: v1alpha1\nkind: ResolverConfig\nhostDNS:\n  $patch: delete\n" : "---\nmachine:\n  features:\n    hostDNS:\n      $patch: delete\n";
  return {
    ...base,
    talosPatches: {
      all: [patch("patches/all/zone.yaml", label("zone", "global"))],
      controlplane: [patch("patches/cp/zone.yaml", label("zone", "controlplane"))],
      worker: [patch("patches/workers/zone.yaml", label("zone", "worker")), patch("patches/workers/gpu.yaml", label("gpu", "true"))],
    },
    nodes: base.nodes.map((n) => (n.name === "w-02" ? { ...n, talosPatches: [patch("patches/w-02/zone.yaml", `${label("zone", "w-02")}${noHostDns}`)] } : n)),
  };
}
