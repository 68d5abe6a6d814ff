import type { ClusterModel, NodeModel } from "../../model/model.js";
import { parseConfigPatch, type ConfigPatch, type TalosContract } from "../../talos/index.js";
import { contractFeatures } from "../../talos/config/contract.js";
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

/** Raised when the cluster-template patches don't fit the config layout of the cluster's Talos version. */
export class TemplatePatchLayoutError extends Error {
  override readonly name = "TemplatePatchLayoutError";
}

/**
 * cluster-template's patches set kubelet, sysctls, files and the control-plane components in
 * the v1alpha1 document. Talos 1.14 moved all of those into their own documents (KubeletConfig,
 * KubeAPIServerConfig, KubeCoreDNSConfig, …) and its schema rejects the old fields, so applying
 * them would give a config Talos refuses. Say so plainly rather than write it.
 */
export function assertTemplatePatchesFit(contract: TalosContract): void {
  if (!contractFeatures(contract).multidocKubernetes) return;
  throw new TemplatePatchLayoutError(
    `Talos ${contract} keeps kubelet, sysctls, machine files and the control-plane settings in separate documents, but the cluster-template patches labc writes (talos/patches/) still target the v1alpha1 fields Talos ${contract} dropped; labc can't write ${contract} machine configs yet. Use a Talos v1.13 release (or older) in cluster.lab`,
  );
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
    ...inlinePatches(node).map((scalar) => parseConfigPatch(scalar.value)),
    ...patchesIn(files, "global").map(parsePatchFile),
  ];
}
