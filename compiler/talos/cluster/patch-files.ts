import type { ClusterModel, TalosPatchModel } from "../../model/model.js";
import { controllerPatches } from "./controller-patches.js";
import { globalPatches } from "./global-patches.js";
import { userPatchFiles } from "./user-patches.js";

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
  /** Set on a patch of cluster.lab (`patches`, `controlplane-patches`, `worker-patches`): where it came from. */
  readonly source?: TalosPatchModel;
}

const LAYERS: readonly PatchLayer[] = ["global", "controller", "worker"];

/**
 * A patch file whose content is rendered when first read. The checker's clash rule reads only
 * the names, and the language server runs it after every keystroke: rendering every patch's
 * YAML there was a tenth of the time to diagnostics.
 */
export function renderedOnRead(head: Omit<PatchFile, "content">, render: () => string): PatchFile {
  let content: string | undefined;
  return {
    ...head,
    get content() {
      return (content ??= render());
    },
  };
}

/**
 * Every patch file for this cluster, by layer: labc's own sorted by name, then the user's in the
 * order cluster.lab lists them, so a user's patch has the last word within its layer (talhelper
 * applies them in list order).
 */
export function patchFiles(cluster: ClusterModel): readonly PatchFile[] {
  const template = [...globalPatches(cluster), ...controllerPatches(cluster), ...workerPatches(cluster)].sort((a, b) => compare(a.name, b.name));
  const user = userPatchFiles(cluster);
  return LAYERS.flatMap((layer) => [...template.filter((f) => f.layer === layer), ...user.filter((f) => f.layer === layer)]);
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
