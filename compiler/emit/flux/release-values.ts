import type { AppModel, ClusterModel } from "../../model/model.js";
import type { ValueComment } from "../../../stdlib/types.js";
import { deepMerge } from "./deep-merge.js";
import { definitionOf } from "./definition-of.js";

/**
 * The Helm values of an app: the single source for both the Flux HelmRelease and the bootstrap
 * helmfile, so a release installed by helmfile is adopted by Flux without a diff.
 */
export function releaseValues(cluster: ClusterModel, app: AppModel): Record<string, unknown> {
  if (!app.route) return { ...app.values };
  const hook = definitionOf(app).flux?.routeValues;
  if (!hook) throw new Error(`app "${app.name}": definition "${app.definition}" cannot expose a route`);
  return deepMerge(app.values, hook({ cluster, app }, app.route));
}

/** Comments the definition wants under `values` (Renovate markers), paths relative to `values`. */
export function releaseValueComments(app: AppModel): readonly ValueComment[] {
  return definitionOf(app).flux?.valueComments ?? [];
}
