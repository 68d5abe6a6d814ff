import type { AppModel, AppRef, ClusterModel } from "../../../compiler/model/model.js";

/** The first app built from definition `id` (`cilium`, `cert-manager`, …), if the cluster declares one. */
export function appFromDefinition(cluster: ClusterModel, id: string): AppModel | undefined {
  const index = cluster.firstAppOfDefinition;
  if (index) return Object.hasOwn(index, id) ? cluster.apps[index[id]!] : undefined;
  return cluster.apps.find((a) => a.definition.id === id);
}

export function refOf(app: AppModel): AppRef {
  return { name: app.name, namespace: app.namespace };
}

/**
 * Namespace of the Cilium app, which owns the `external`/`internal` Gateways. Falls back to
 * kube-system (its stdlib namespace) so output stays well-formed when the checker has already
 * reported a missing Cilium.
 */
export function gatewayNamespace(cluster: ClusterModel): string {
  return appFromDefinition(cluster, "cilium")?.namespace ?? "kube-system";
}
