import type { ClusterModel, NodeModel } from "../../model/model.js";

/**
 * Where `labc talos config` writes, relative to the output repository: talhelper's own
 * `talos/clusterconfig/`, which the generated .gitignore excludes and `labc build` never
 * prunes (compiler/build/write-tree.ts), because every file in it holds key material.
 */
export const CLUSTERCONFIG_DIR = "talos/clusterconfig";

export const TALOSCONFIG_FILE = "talosconfig";

/** talhelper's default `filenameTmpl`: `{{.ClusterName}}-{{.Hostname}}.yaml`. */
export function machineConfigFileName(cluster: ClusterModel, node: NodeModel): string {
  return `${cluster.name}-${node.name}.yaml`;
}
