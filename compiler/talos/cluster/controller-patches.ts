import { isMap, type Document } from "yaml";
import type { ClusterModel } from "../../model/model.js";
import { nodeCidrs } from "./node-cidrs.js";
import { renderedOnRead, type PatchFile } from "./patch-files.js";
import { supportsJsonPatches, usesKubernetesDocuments } from "./talos-version.js";
import { commentKey, documentOf, print, printAll, quoted } from "./yaml-nodes.js";

/** talos/patches/controller/: control planes only, in the form the cluster's Talos line reads. */
export function controllerPatches(cluster: ClusterModel): PatchFile[] {
  return [
    admissionControllerPatch(cluster.talosVersion),
    renderedOnRead(
      {
        layer: "controller",
        name: "cluster.yaml",
        purpose: "control plane: schedulable controllers, metrics endpoints on all interfaces, Talos CoreDNS and kube-proxy off (CoreDNS and Cilium are installed as apps)",
      },
      () => (usesKubernetesDocuments(cluster.talosVersion) ? controllerDocuments(cluster) : controllerClusterPatch(cluster)),
    ),
  ];
}

const AGGREGATION_DOCS = "https://kubernetes.io/docs/tasks/extend-kubernetes/configure-aggregation-layer/";

// Quoted: Talos types extraArgs as map[string]string.
function apiServerArgs(): Record<string, unknown> {
  return { "enable-aggregator-routing": quoted("true") };
}

function etcd(cluster: ClusterModel): Record<string, unknown> {
  const controllers = cluster.nodes.filter((n) => n.role === "controlplane");
  return { extraArgs: { "listen-metrics-urls": "http://0.0.0.0:2381" }, advertisedSubnets: nodeCidrs(controllers) };
}

function commentAggregation(doc: Document, path: readonly string[]): void {
  const args = doc.getIn(path, true);
  if (!isMap(args)) throw new Error("cluster patch: apiServer extraArgs is not a map");
  commentKey(args, "enable-aggregator-routing", AGGREGATION_DOCS);
}

function controllerClusterPatch(cluster: ClusterModel): string {
  const doc = documentOf({
    cluster: {
      allowSchedulingOnControlPlanes: true,
      apiServer: { extraArgs: apiServerArgs() },
      controllerManager: { extraArgs: { "bind-address": "0.0.0.0" } },
      coreDNS: { disabled: true },
      etcd: etcd(cluster),
      proxy: { disabled: true },
      scheduler: { extraArgs: { "bind-address": "0.0.0.0" } },
    },
  });
  commentAggregation(doc, ["cluster", "apiServer", "extraArgs"]);
  return print(doc);
}

function typed(kind: string, body: Record<string, unknown>): Document {
  return documentOf({ apiVersion: "v1alpha1", kind, ...body });
}

/**
 * The same settings as Talos 1.14 documents, in the legacy patch's order. Only etcd stays in
 * v1alpha1. Scheduling on control planes is the removal of the NoSchedule taint the generator puts
 * on KubeNodeConfig (`$$` because talhelper runs envsubst over patch files; it reads `$patch`).
 */
function controllerDocuments(cluster: ClusterModel): string {
  const apiServer = typed("KubeAPIServerConfig", { extraArgs: apiServerArgs() });
  commentAggregation(apiServer, ["extraArgs"]);
  return printAll([
    typed("KubeNodeConfig", { taints: { "node-role.kubernetes.io/control-plane": { $$patch: "delete" } } }),
    apiServer,
    typed("KubeControllerManagerConfig", { extraArgs: { "bind-address": "0.0.0.0" } }),
    typed("KubeCoreDNSConfig", { enabled: false }),
    documentOf({ cluster: { etcd: etcd(cluster) } }),
    typed("KubeProxyConfig", { enabled: false }),
    typed("KubeSchedulerConfig", { extraArgs: { "bind-address": "0.0.0.0" } }),
  ]);
}

function admissionControllerPatch(talosVersion: string): PatchFile {
  const head = { layer: "controller", name: "admission-controller-patch.yaml", purpose: "drop the default PodSecurity admission configuration, as cluster-template does" } as const;
  return renderedOnRead(head, () => {
    if (supportsJsonPatches(talosVersion)) return print(documentOf([{ op: "remove", path: "/cluster/apiServer/admissionControl" }]));
    // `$$` because talhelper runs envsubst over patch files; it unescapes to Talos' `$patch: delete`.
    if (usesKubernetesDocuments(talosVersion)) return print(typed("KubeAdmissionControlConfig", { name: "PodSecurity", $$patch: "delete" }));
    return print(documentOf({ cluster: { apiServer: { admissionControl: { $$patch: "delete" } } } }));
  });
}
