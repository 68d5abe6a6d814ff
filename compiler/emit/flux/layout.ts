import type { AppModel } from "../../model/model.js";

/** Where cluster-template era A puts things; paths are relative to the output root. */
export const APPS_ROOT = "kubernetes/apps";
export const COMPONENT_ROOT = "kubernetes/components/common";
export const FLUX_CLUSTER = "kubernetes/flux/cluster";
export const FLUX_META = "kubernetes/flux/meta";

/** `kubernetes/apps/<namespace>/<app>`: the Flux Kustomization, HelmRelease and helmfile release share the name. */
export function appRoot(app: AppModel): string {
  return `${APPS_ROOT}/${app.namespace}/${app.name}`;
}

/** A Flux `spec.path` (relative to the GitRepository root). */
export function fluxPath(dir: string): string {
  return `./${dir}`;
}
