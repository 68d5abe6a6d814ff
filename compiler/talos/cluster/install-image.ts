import type { ClusterModel, NodeModel } from "../../model/model.js";

/** A talhelper installer image never carries a tag: talhelper appends `:<talosVersion>` itself. */
export function installerImage(node: NodeModel): string {
  return `factory.talos.dev/installer${node.secureboot ? "-secureboot" : ""}/${node.schematic}`;
}

/** `v1.10.7`: talhelper adds the `v` when talconfig.yaml leaves it out, and so does labc. */
export function talosTag(cluster: ClusterModel): string {
  return cluster.talosVersion.startsWith("v") ? cluster.talosVersion : `v${cluster.talosVersion}`;
}

/**
 * The node's installer image with its tag, exactly as talhelper completes talconfig.yaml's
 * `talosImageURL` (`factory.talos.dev/installer[-secureboot]/<schematic>` + `:<talosVersion>`),
 * so `labc talos commands upgrade` and the machine config agree on the image.
 */
export function installerImageRef(cluster: ClusterModel, node: NodeModel): string {
  return `${installerImage(node)}:${talosTag(cluster)}`;
}
