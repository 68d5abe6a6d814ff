import type { ClusterModel, NodeModel } from "../model/model.js";

/** The node named (or addressed, as talhelper also allows) by `--node`; undefined if there is none. */
export function findNode(cluster: ClusterModel, nameOrAddress: string): NodeModel | undefined {
  return cluster.nodes.find((n) => n.name === nameOrAddress) ?? cluster.nodes.find((n) => n.address === nameOrAddress);
}

export function nodeNames(cluster: ClusterModel): string {
  return cluster.nodes.map((n) => n.name).join(", ");
}
