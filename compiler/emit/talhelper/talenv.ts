import type { ClusterModel } from "../../model/model.js";
import { commentKey, documentOf, print, rootMap } from "../../talos/cluster/index.js";

/**
 * talos/talenv.yaml: the two versions talconfig.yaml refers to as `${talosVersion}` and
 * `${kubernetesVersion}`. The `# renovate:` comments let Renovate's regex manager track the
 * installer and kubelet images, exactly as in cluster-template.
 */
export function renderTalenv(cluster: ClusterModel): string {
  const doc = documentOf({ talosVersion: cluster.talosVersion, kubernetesVersion: cluster.kubernetesVersion });
  const root = rootMap(doc);
  commentKey(root, "talosVersion", "renovate: datasource=docker depName=ghcr.io/siderolabs/installer");
  commentKey(root, "kubernetesVersion", "renovate: datasource=docker depName=ghcr.io/siderolabs/kubelet");
  return print(doc);
}
