import type { ClusterModel, NodeModel } from "../../model/model.js";
import type { NetworkInterfaceSpec } from "../config/input.js";
import { nodeLinkSpecs } from "./link-specs.js";

/**
 * The node's NICs and bonds as talhelper reads them from the `networkInterfaces` labc writes into
 * talconfig.yaml: the same specs that file is printed from (link-specs.ts).
 */
export function nodeInterfaces(cluster: ClusterModel, node: NodeModel): NetworkInterfaceSpec[] {
  return nodeLinkSpecs(cluster, node);
}
