import type { ClusterModel, NodeModel, TalosPatchModel } from "../../model/model.js";
import type { PatchFile, PatchLayer } from "./patch-files.js";

/** A node's own patch file, written to talos/patches/<node>/ and listed in its talconfig entry. */
export interface NodePatchFile {
  readonly node: string;
  /** File name inside talos/patches/<node>/. */
  readonly name: string;
  readonly purpose: string;
  readonly content: string;
  readonly source: TalosPatchModel;
}

/** The file name a patch keeps in talos/patches/: its own (`patches/cp-01/extra.yaml` → `extra.yaml`). */
export function patchFileName(path: string): string {
  return path.split(/[\\/]/).filter((part) => part !== "").pop() ?? path;
}

/**
 * talhelper runs envsubst over `@file` patches, which would eat a `$patch: delete` (and any `$`);
 * `$$` is envsubst's escape for a literal `$`, so the copy reads to Talos exactly as the user's
 * file does, and `labc talos config` (which applies the user's text) agrees with talhelper.
 */
export function escapeEnvsubst(text: string): string {
  return text.replace(/\$/g, "$$$$");
}

function copied(patch: TalosPatchModel): { name: string; purpose: string; content: string; source: TalosPatchModel } {
  return { name: patchFileName(patch.path), purpose: `copied from \`${patch.path}\``, content: escapeEnvsubst(patch.content), source: patch };
}

/** The cluster-wide patches of cluster.lab (`patches`, `controlplane-patches`, `worker-patches`), in declaration order. */
export function userPatchFiles(cluster: ClusterModel): PatchFile[] {
  const groups = cluster.talosPatches;
  if (!groups) return [];
  const layer = (l: PatchLayer, patches: readonly TalosPatchModel[]): PatchFile[] => patches.map((p) => ({ layer: l, ...copied(p) }));
  return [...layer("global", groups.all), ...layer("controller", groups.controlplane), ...layer("worker", groups.worker)];
}

export function nodePatchFiles(node: NodeModel): NodePatchFile[] {
  return (node.talosPatches ?? []).map((p) => ({ node: node.name, ...copied(p) }));
}
