import type { OutputFile } from "../../model/output.js";
import { annotate, schemaComment } from "../../yaml/annotated.js";
import { SCHEMA } from "../../model/schema-urls.js";
import { GIT_SOURCE, SOPS_DECRYPTION } from "./flux-kustomization.js";
import { kustomizeFile } from "./kustomize-file.js";
import { APPS_ROOT, FLUX_CLUSTER, FLUX_META, fluxPath } from "./layout.js";
import { textFile } from "./outputs.js";

/**
 * The Flux entry point the FluxInstance syncs (`kubernetes/flux/cluster`): `cluster-meta` for
 * cluster-wide sources, then `cluster-apps` for every namespace folder under kubernetes/apps.
 */
export function clusterEntry(): OutputFile[] {
  const header = { header: [schemaComment(SCHEMA.fluxKustomization)] };
  return [
    textFile(`${FLUX_CLUSTER}/ks.yaml`, [
      annotate(
        {
          apiVersion: "kustomize.toolkit.fluxcd.io/v1",
          kind: "Kustomization",
          metadata: { name: "cluster-meta", namespace: "flux-system" },
          spec: {
            decryption: SOPS_DECRYPTION,
            interval: "1h",
            path: fluxPath(FLUX_META),
            prune: true,
            retryInterval: "2m",
            sourceRef: GIT_SOURCE,
            targetNamespace: "flux-system",
            wait: true,
          },
        },
        header,
      ),
      annotate(
        {
          apiVersion: "kustomize.toolkit.fluxcd.io/v1",
          kind: "Kustomization",
          metadata: { name: "cluster-apps", namespace: "flux-system" },
          spec: {
            decryption: SOPS_DECRYPTION,
            dependsOn: [{ name: "cluster-meta", namespace: "flux-system" }],
            interval: "1h",
            path: fluxPath(APPS_ROOT),
            prune: true,
            retryInterval: "2m",
            sourceRef: GIT_SOURCE,
            timeout: "5m",
            wait: false,
          },
        },
        header,
      ),
    ]),
    // Placeholder for cluster-wide sources; cluster-meta must have a folder to reconcile.
    textFile(`${FLUX_META}/kustomization.yaml`, [kustomizeFile({ resources: [] })]),
  ];
}
