import type { NodeModel } from "../../model/model.js";
import { documentOf, literal, print, withComment } from "./yaml-nodes.js";
import type { Scalar } from "yaml";

/**
 * Per-node patches written inline in the node's talconfig entry (as cluster-template does), so a
 * node-only setting needs no talos/patches/<node>/ folder.
 */
export function inlinePatches(node: NodeModel): Scalar<string>[] {
  const patches: Scalar<string>[] = [];
  if (node.encryptDisk) patches.push(withComment(literal(patchText(diskEncryption())), "Encrypt system disk with TPM"));
  if (node.kernelModules.length > 0) {
    patches.push(withComment(literal(patchText(kernelModules(node.kernelModules))), "Load kernel modules"));
  }
  return patches;
}

/** LUKS2 on STATE and EPHEMERAL, unsealed by the TPM, so a stolen disk reveals nothing. */
function diskEncryption(): unknown {
  const luks = { provider: "luks2", keys: [{ slot: 0, tpm: {} }] };
  return { machine: { systemDiskEncryption: { state: luks, ephemeral: luks } } };
}

function kernelModules(modules: readonly string[]): unknown {
  return { machine: { kernel: { modules: modules.map((name) => ({ name })) } } };
}

function patchText(tree: unknown): string {
  return print(documentOf(tree)).trimEnd();
}
