import type { ClusterModel, NodeModel } from "../../model/model.js";
import { renderMachineConfig, type SecretsBundle } from "../../talos/index.js";
import { machineConfigFileName } from "./file-names.js";
import { machineConfigInput } from "../../talos/cluster/index.js";

export interface NodeConfigFile {
  readonly node: NodeModel;
  /** File name inside talos/clusterconfig/. */
  readonly name: string;
  readonly content: string;
}

/**
 * The machine config of each given node (all of them by default), in declaration order. The files
 * are laid out the way `talhelper genconfig` writes them from the generated talconfig.yaml, so a
 * user can switch between the two tools without a byte of difference.
 */
export function renderNodeConfigs(cluster: ClusterModel, secrets: SecretsBundle, nodes: readonly NodeModel[] = cluster.nodes): NodeConfigFile[] {
  return nodes.map((node) => ({
    node,
    name: machineConfigFileName(cluster, node),
    content: renderMachineConfig(machineConfigInput(cluster, node, secrets), "talhelper"),
  }));
}
