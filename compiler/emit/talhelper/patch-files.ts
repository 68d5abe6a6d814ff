import type { ClusterModel } from "../../model/model.js";
import { controllerPatches } from "./controller-patches.js";
import { globalPatches } from "./global-patches.js";

/**
 * The Talos patch files under talos/patches/, with cluster-template 2025.9.0's contents.
 * talconfig.yaml references them as `@./patches/<layer>/<name>`; the layer decides which
 * nodes talhelper applies them to.
 */

export type PatchLayer = "global" | "controller" | "worker";

export interface PatchFile {
  readonly layer: PatchLayer;
  /** File name inside talos/patches/<layer>/. */
  readonly name: string;
  /** One line for talos/patches/README.md. */
  readonly purpose: string;
  readonly content: string;
}

/** Every patch file for this cluster, sorted by layer then name (talhelper applies them in list order). */
export function patchFiles(cluster: ClusterModel): readonly PatchFile[] {
  const files = [...globalPatches(cluster), ...controllerPatches(cluster), ...workerPatches(cluster)];
  const layerOrder: readonly PatchLayer[] = ["global", "controller", "worker"];
  return files.sort((a, b) => layerOrder.indexOf(a.layer) - layerOrder.indexOf(b.layer) || compare(a.name, b.name));
}

export function patchesIn(files: readonly PatchFile[], layer: PatchLayer): readonly PatchFile[] {
  return files.filter((f) => f.layer === layer);
}

/** cluster-template ships no worker patches; the layer exists so talconfig.yaml can reference them when one is added. */
function workerPatches(_cluster: ClusterModel): PatchFile[] {
  return [];
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
