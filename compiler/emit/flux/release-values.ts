import type { AppModel, ClusterModel } from "../../model/model.js";
import type { ValueComment } from "../../../stdlib/types.js";
import { mergeValues } from "../../model/merge-values.js";
import { renovateComment } from "../../yaml/annotated.js";

/**
 * The Helm values of an app: the single source for both the Flux HelmRelease and the bootstrap
 * helmfile, so a release installed by helmfile is adopted by Flux without a diff.
 */
export function releaseValues(cluster: ClusterModel, app: AppModel): Record<string, unknown> {
  if (!app.route) return { ...app.values };
  const hook = app.definition.flux?.routeValues;
  if (!hook) throw new Error(`app "${app.name}": definition "${app.definition.id}" cannot expose a route`);
  return mergeValues(app.values, hook({ cluster, app }, app.route));
}

/**
 * Comments under `values`, paths relative to `values`: the definition's own Renovate markers,
 * then one above every image tag (a map with string `repository` and `tag`, the convention of
 * app-template and most charts), so Renovate's regex manager sees every pinned image.
 */
export function releaseValueComments(app: AppModel): readonly ValueComment[] {
  const own = app.definition.flux?.valueComments ?? [];
  const taken = new Set(own.map((c) => c.path.join("\u0000")));
  const images = imageTags(app.values, []).filter((c) => !taken.has(c.path.join("\u0000")));
  return [...own, ...images];
}

function imageTags(value: unknown, path: readonly (string | number)[]): ValueComment[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => imageTags(v, [...path, i]));
  if (value === null || typeof value !== "object") return [];
  const map = value as Record<string, unknown>;
  const here: ValueComment[] =
    typeof map["repository"] === "string" && typeof map["tag"] === "string"
      ? [{ path: [...path, "tag"], comment: renovateComment("docker", map["repository"]) }]
      : [];
  return [...here, ...Object.entries(map).flatMap(([k, v]) => imageTags(v, [...path, k]))];
}
