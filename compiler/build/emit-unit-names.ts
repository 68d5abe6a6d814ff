import type { AppModel, ClusterModel } from "../model/model.js";

/**
 * The parts a build's files are emitted in: each a function of what it reads of the model, so a
 * rebuild can keep the files of every part whose reads did not change (build-cache.ts). One part
 * per app (its `kubernetes/apps/<ns>/<app>/` folder) and one per cluster-wide target. Naming them
 * needs no emitter, so a rebuild that reuses every part never loads one.
 */
export type EmitUnitName = "talhelper" | "bootstrap" | "deploy-key" | "flux-entry" | "flux-common" | "flux-namespaces" | "repo" | "tooling" | `app:${string}`;

const CLUSTER_UNITS: readonly EmitUnitName[] = ["talhelper", "bootstrap", "deploy-key", "flux-entry", "flux-common", "flux-namespaces", "repo", "tooling"];

export function emitUnitNames(model: ClusterModel): EmitUnitName[] {
  return [...CLUSTER_UNITS, ...model.apps.map(appUnitName)];
}

export function appUnitName(app: AppModel): EmitUnitName {
  return `app:${app.namespace}/${app.name}`;
}

const appsByUnit = new WeakMap<ClusterModel, Map<string, AppModel>>();

/** The app an app unit emits, or undefined for a cluster-wide unit. */
export function appOfUnit(model: ClusterModel, name: EmitUnitName): AppModel | undefined {
  if (!name.startsWith("app:")) return undefined;
  let apps = appsByUnit.get(model);
  if (!apps) appsByUnit.set(model, (apps = new Map(model.apps.map((a) => [appUnitName(a), a]))));
  return apps.get(name);
}

/** Refuses two files at one path (two generators, or two apps, claiming it) and sorts by path. */
export function checkedAndSorted<T extends { readonly path: string }>(outputs: T[]): T[] {
  const seen = new Set<string>();
  for (const o of outputs) {
    if (seen.has(o.path)) throw new Error(`two generators wrote ${o.path}`);
    seen.add(o.path);
  }
  return outputs.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
