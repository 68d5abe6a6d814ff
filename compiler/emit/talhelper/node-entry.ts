import type { ClusterModel, InstallDisk, NodeModel } from "../../model/model.js";
import { inlinePatches } from "./inline-patches.js";
import { nodePatchFiles } from "./user-patches.js";
import { quoted } from "./yaml-nodes.js";

/** A talhelper installer image never carries a tag: talhelper appends `:<talosVersion>` itself. */
export function installerImage(node: NodeModel): string {
  return `factory.talos.dev/installer${node.secureboot ? "-secureboot" : ""}/${node.schematic}`;
}

/** One `nodes[]` entry of talconfig.yaml, keys in cluster-template's order. */
export function nodeEntry(cluster: ClusterModel, node: NodeModel): Record<string, unknown> {
  const entry: Record<string, unknown> = {
    hostname: quoted(node.name),
    ipAddress: quoted(node.address),
    ...installDisk(node.disk),
    machineSpec: { secureboot: node.secureboot },
    talosImageURL: installerImage(node),
    controlPlane: node.role === "controlplane",
    networkInterfaces: [networkInterface(cluster, node)],
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

/**
 * The node's single NIC, picked by MAC so the config survives interface renames. Static
 * addressing, a default route via the network's gateway, and the API VIP on control planes
 * only (Talos elects one holder among the nodes that carry it). With a VLAN tag all of that
 * moves onto the tagged sub-interface.
 */
function networkInterface(cluster: ClusterModel, node: NodeModel): Record<string, unknown> {
  const network = node.network;
  const addressing: Record<string, unknown> = {
    addresses: [quoted(`${node.address}/${network.cidr.prefix}`)],
    routes: [{ network: quoted("0.0.0.0/0"), gateway: quoted(network.gateway) }],
    mtu: node.mtu,
  };
  if (node.role === "controlplane") addressing["vip"] = { ip: quoted(cluster.endpoint) };
  const selector = { deviceSelector: { hardwareAddr: quoted(node.mac) } };
  if (network.vlan === undefined) {
    return { ...selector, dhcp: false, ...addressing };
  }
  const parent: Record<string, unknown> = { ...selector };
  // A VLAN can't be larger than its parent link; cluster-template leaves the parent at the
  // 1500 default, which silently breaks jumbo frames on tagged networks.
  if (node.mtu > 1500) parent["mtu"] = node.mtu;
  parent["vlans"] = [{ vlanId: network.vlan, ...addressing }];
  return parent;
}
