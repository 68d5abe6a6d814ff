import type { ClusterModel, NodeModel } from "../../model/model.js";
import type { NetworkInterfaceSpec } from "../../talos/index.js";
import { nodeLinkSpecs } from "../talhelper/index.js";

/**
 * The node's NICs and bonds as talhelper reads them from the `networkInterfaces` labc writes into
 * talconfig.yaml: the same specs that file is printed from (emit/talhelper/link-specs.ts).
 */
export function nodeInterfaces(cluster: ClusterModel, node: NodeModel): NetworkInterfaceSpec[] {
  return nodeLinkSpecs(cluster, node);
}
