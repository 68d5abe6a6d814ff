import type { ClusterModel, NodeModel, TalosPatchModel } from "../../model/model.js";
import { parseConfigPatch, type ConfigPatch } from "../patch/patch.js";
import { inlinePatches } from "./inline-patches.js";
import { patchFiles, patchesIn } from "./patch-files.js";
import { nodePatchFiles } from "./user-patches.js";

/**
 * talhelper runs envsubst over `@file` patches, so the emitter writes `$$` for a literal `$`
 * (`$$patch: delete`). No patch labc writes refers to a variable, so unescaping is all that is left.
 */
function unescapeEnvsubst(text: string): string {
  return text.replace(/\$\$/g, "$");
}

/** One patch as talhelper applies it to a node; `source` is set when it is the user's (cluster.lab). */
export interface PlannedPatch {
  /** Where it is written: `talos/patches/global/machine-files.yaml`, or `inline` in talconfig.yaml. */
  readonly file: string;
  readonly patch: ConfigPatch;
  readonly source?: TalosPatchModel;
}

function planned(file: string, content: string, source?: TalosPatchModel): PlannedPatch {
  try {
    return { file, patch: parseConfigPatch(unescapeEnvsubst(content)), ...(source ? { source } : {}) };
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`);
  }
}

/**
 * The patches talhelper applies to this node, parsed from the very text the talhelper emitter
 * writes (so talconfig.yaml and `labc talos config` cannot drift), in talhelper's order: the
 * role's group patches (prepended to the node's own), the node's patches (labc's inline ones,
 * then the node's files), then the top-level global patches. Within a group labc's come first.
 */
export function nodePatchPlan(cluster: ClusterModel, node: NodeModel): PlannedPatch[] {
  const files = patchFiles(cluster);
  const role = node.role === "controlplane" ? "controller" : "worker";
  const group = (layer: "controller" | "worker" | "global") => patchesIn(files, layer).map((f) => planned(`talos/patches/${layer}/${f.name}`, f.content, f.source));
  return [
    ...group(role),
    ...inlinePatches(cluster, node).map((scalar) => planned(`talos/talconfig.yaml (${node.name})`, scalar.value)),
    ...nodePatchFiles(node).map((f) => planned(`talos/patches/${f.node}/${f.name}`, f.content, f.source)),
    ...group("global"),
  ];
}

export function templatePatches(cluster: ClusterModel, node: NodeModel): ConfigPatch[] {
  return nodePatchPlan(cluster, node).map((p) => p.patch);
}
