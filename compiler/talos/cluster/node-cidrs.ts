import type { NodeModel } from "../../model/model.js";

/** The distinct networks of these nodes, in node order (kubelet node-IP and etcd subnets). */
export function nodeCidrs(nodes: readonly NodeModel[]): string[] {
  return [...new Set(nodes.map((n) => n.network.cidr.text))];
}
