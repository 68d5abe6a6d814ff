import type { ClusterModel, InstallDisk, NodeModel } from "../../model/model.js";
import { inlinePatches, installerImage, nodeLinkSpecs, nodePatchFiles, quoted } from "../../talos/cluster/index.js";
import { talconfigInterface } from "./talconfig-interface.js";

/** One `nodes[]` entry of talconfig.yaml, keys in cluster-template's order. */
export function nodeEntry(cluster: ClusterModel, node: NodeModel): Record<string, unknown> {
  const entry: Record<string, unknown> = {
    hostname: quoted(node.name),
    ipAddress: quoted(node.address),
    ...installDisk(node.disk),
    machineSpec: { secureboot: node.secureboot },
    talosImageURL: installerImage(node),
    controlPlane: node.role === "controlplane",
    networkInterfaces: nodeLinkSpecs(cluster, node).map(talconfigInterface),
  };
  // labc's inline patches first, so the node's own files (talos/patches/<node>/) have the last word.
  const patches = [...inlinePatches(cluster, node), ...nodePatchFiles(node).map((f) => quoted(`@./patches/${f.node}/${f.name}`))];
  if (patches.length > 0) entry["patches"] = patches;
  return entry;
}

function installDisk(disk: InstallDisk): Record<string, unknown> {
  if (disk.kind === "path") return { installDisk: quoted(disk.path) };
  const selector: Record<string, unknown> = {};
  if (disk.serial !== undefined) selector["serial"] = quoted(disk.serial);
  if (disk.model !== undefined) selector["model"] = quoted(disk.model);
  if (disk.busPath !== undefined) selector["busPath"] = quoted(disk.busPath);
  return { installDiskSelector: selector };
}
