import type { ClusterModel } from "../../model/model.js";
import type { OutputFile } from "../../model/output.js";
import { APP_TEMPLATE_CHART, APP_TEMPLATE_URL } from "../../model/well-known.js";
import { secretObject } from "../../../stdlib/apps/shared/kube.js";
import { ociRepository } from "./helmrelease.js";
import { kustomizeFile } from "./kustomize-file.js";
import { COMPONENT_ROOT } from "./layout.js";
import { secretFile, textFile } from "./outputs.js";
import type { SecretTracker } from "./secret-tracker.js";

/**
 * Name of the SecretValues entry holding the age *private* key (`AGE-SECRET-KEY-1…`). It goes
 * into the `sops-age` Secret that kustomize-controller decrypts every `*.sops.yaml` with.
 */
export const SOPS_AGE_SECRET = "sops-age";

/** The one app-template version of the cluster: the shared OCIRepository has a single tag. */
function appTemplateVersion(cluster: ClusterModel): string {
  const versions = new Set(cluster.apps.flatMap((a) => (a.chart.kind === "app-template" ? [a.chart.version] : [])));
  if (versions.size > 1) {
    throw new Error(`app-template versions differ (${[...versions].sort().join(", ")}); the shared OCIRepository has one tag`);
  }
  return [...versions][0] ?? APP_TEMPLATE_CHART.version;
}

/**
 * `kubernetes/components/common`: a kustomize Component every namespace includes. It creates the
 * namespace (never pruned), the shared app-template OCIRepository, and namespace-local copies of
 * `cluster-secrets` and `sops-age` (Flux substitution and decryption refs cannot cross namespaces).
 */
export function commonComponent(cluster: ClusterModel, secrets: SecretTracker): OutputFile[] {
  const root = COMPONENT_ROOT;
  return [
    textFile(`${root}/kustomization.yaml`, [kustomizeFile({ kind: "Component", resources: ["./namespace.yaml", "./repos", "./sops"] })]),
    textFile(`${root}/namespace.yaml`, [
      {
        apiVersion: "v1",
        kind: "Namespace",
        // Renamed to the real namespace by the including kustomization's `namespace:`.
        metadata: { name: "not-used", annotations: { "kustomize.toolkit.fluxcd.io/prune": "disabled" } },
      },
    ]),
    textFile(`${root}/repos/kustomization.yaml`, [kustomizeFile({ resources: ["./app-template"] })]),
    textFile(`${root}/repos/app-template/kustomization.yaml`, [kustomizeFile({ resources: ["./ocirepository.yaml"] })]),
    textFile(`${root}/repos/app-template/ocirepository.yaml`, [
      ociRepository("app-template", APP_TEMPLATE_URL, appTemplateVersion(cluster), "5m"),
    ]),
    textFile(`${root}/sops/kustomization.yaml`, [
      kustomizeFile({ resources: ["./cluster-secrets.sops.yaml", "./sops-age.sops.yaml"] }),
    ]),
    // The domain is treated as a secret, as in cluster-template: manifests only say ${SECRET_DOMAIN}.
    secretFile(`${root}/sops/cluster-secrets.sops.yaml`, secretObject("cluster-secrets", { SECRET_DOMAIN: cluster.domain })),
    secretFile(`${root}/sops/sops-age.sops.yaml`, secretObject("sops-age", { "age.agekey": secrets.get(SOPS_AGE_SECRET) })),
  ];
}
