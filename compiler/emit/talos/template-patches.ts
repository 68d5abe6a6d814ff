import type { ClusterModel, NodeModel } from "../../model/model.js";
import { parseConfigPatch, type ConfigPatch } from "../../talos/index.js";
import { inlinePatches, patchFiles, patchesIn, type PatchFile } from "../talhelper/index.js";

/**
 * talhelper runs envsubst over `@file` patches, so the emitter writes `$$` for a literal `$`
 * (`$$patch: delete`). No labc patch refers to a variable, so unescaping is all that is left.
 */
function unescapeEnvsubst(text: string): string {
  return text.replace(/\$\$/g, "$");
}

function parsePatchFile(file: PatchFile): ConfigPatch {
  try {
    return parseConfigPatch(unescapeEnvsubst(file.content));
  } catch (error) {
    throw new Error(`talos/patches/${file.layer}/${file.name}: ${(error as Error).message}`);
  }
}

/**
 * The patches talhelper applies to this node, parsed from the very text the talhelper emitter
 * writes (so talconfig.yaml and `labc talos config` cannot drift), in talhelper's order: the
 * role's group patches (prepended to the node's own), the node's inline patches, then the
 * top-level global patches.
 */
export function templatePatches(cluster: ClusterModel, node: NodeModel): ConfigPatch[] {
  const files = patchFiles(cluster);
  const role = node.role === "controlplane" ? "controller" : "worker";
  return [
    ...patchesIn(files, role).map(parsePatchFile),
    ...inlinePatches(cluster, node).map((scalar) => parseConfigPatch(scalar.value)),
    ...patchesIn(files, "global").map(parsePatchFile),
  ];
}
