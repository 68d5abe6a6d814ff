import type { ClusterModel, DiskKey, NodeModel } from "../../model/model.js";
import { usesKubernetesDocuments, usesVolumeEncryption } from "./talos-version.js";
import { documentOf, literal, print, printAll, withComment } from "./yaml-nodes.js";
import type { Scalar } from "yaml";

/**
 * Per-node patches written inline in the node's talconfig entry (as cluster-template does), so a
 * node-only setting needs no talos/patches/<node>/ folder. Their form follows the Talos line.
 */
export function inlinePatches(cluster: ClusterModel, node: NodeModel): Scalar<string>[] {
  const v = cluster.talosVersion;
  const patches: Scalar<string>[] = [];
  if (node.encryptDisk) {
    const key = node.diskKey ?? "tpm";
    patches.push(withComment(literal(documentsText(diskEncryption(v, key))), key === "tpm" ? "Encrypt system disk with TPM" : "Encrypt system disk with a key from the node's identity"));
  }
  if (node.kernelModules.length > 0) {
    patches.push(withComment(literal(documentsText(kernelModules(v, node.kernelModules))), "Load kernel modules"));
  }
  return patches;
}

const LUKS = { tpm: { provider: "luks2", keys: [{ slot: 0, tpm: {} }] }, "node-id": { provider: "luks2", keys: [{ slot: 0, nodeID: {} }] } } as const;

/**
 * LUKS2 on STATE and EPHEMERAL, unsealed by the TPM, so a stolen disk reveals nothing. Up to 1.10
 * that is machine.systemDiskEncryption; from 1.11 the `encryption` of each system volume's
 * VolumeConfig (1.14's generated EPHEMERAL VolumeConfig is merged with, not replaced).
 */
function diskEncryption(talosVersion: string, key: DiskKey): unknown[] {
  const luks = LUKS[key];
  if (!usesVolumeEncryption(talosVersion)) return [{ machine: { systemDiskEncryption: { state: luks, ephemeral: luks } } }];
  return ["STATE", "EPHEMERAL"].map((name) => ({ apiVersion: "v1alpha1", kind: "VolumeConfig", name, encryption: luks }));
}

/** machine.kernel.modules up to 1.13; one KernelModuleConfig document per module from 1.14. */
function kernelModules(talosVersion: string, modules: readonly string[]): unknown[] {
  if (!usesKubernetesDocuments(talosVersion)) return [{ machine: { kernel: { modules: modules.map((name) => ({ name })) } } }];
  return modules.map((name) => ({ apiVersion: "v1alpha1", kind: "KernelModuleConfig", name }));
}

function documentsText(trees: readonly unknown[]): string {
  const docs = trees.map((t) => documentOf(t));
  return (docs.length === 1 ? print(docs[0]!) : printAll(docs)).trimEnd();
}
