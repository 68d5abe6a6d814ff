import { controlPlanes, type ClusterModel, type NodeModel } from "../model/model.js";
import { installerImageRef, machineConfigFileName, TALOSCONFIG_FILE } from "../emit/talos/index.js";
import { shellQuote } from "./shell-quote.js";

import { TALOSCTL_ACTIONS, type TalosctlAction } from "./talosctl-actions.js";

export { TALOSCTL_ACTIONS, type TalosctlAction };

export function isTalosctlAction(value: string): value is TalosctlAction {
  return (TALOSCTL_ACTIONS as readonly string[]).includes(value);
}

/** A request the cluster can't satisfy (e.g. bootstrapping a worker); the CLI turns it into a usage error. */
export class TalosctlSelectionError extends Error {
  override readonly name = "TalosctlSelectionError";
}

export interface TalosctlOptions {
  /** Where `labc talos config` wrote the machine configs and talosconfig, as the user should type it. */
  readonly configDir: string;
  /** Where `kubeconfig` writes the admin kubeconfig (the generated .gitignore covers `kubeconfig`). */
  readonly kubeconfigPath: string;
  /** Limit to one node; default every node the action concerns. */
  readonly node?: NodeModel;
  /** Apply to nodes still in maintenance mode (no Talos API certificates yet). */
  readonly insecure?: boolean;
}

function line(command: string, flags: readonly string[], args: readonly string[] = []): string {
  return ["talosctl", command, ...flags, ...args].map(shellQuote).join(" ");
}

/** Control planes first: workers join a control plane that is already there. */
function byRole(cluster: ClusterModel): NodeModel[] {
  return [...controlPlanes(cluster), ...cluster.nodes.filter((n) => n.role === "worker")];
}

function oneControlPlane(cluster: ClusterModel, node: NodeModel | undefined, action: string): NodeModel {
  if (node) {
    if (node.role !== "controlplane") throw new TalosctlSelectionError(`${action} talks to a control plane, and '${node.name}' is a worker`);
    return node;
  }
  const first = controlPlanes(cluster)[0];
  if (!first) throw new TalosctlSelectionError("the cluster has no control plane");
  return first;
}

/**
 * The talosctl command lines for one action, one per line and in the order to run them, the way
 * `talhelper gencommand` prints them (`--flag=value`, `--talosconfig` pointing at the generated
 * file), so `labc talos commands apply --insecure | sh` works like cluster-template's Taskfile.
 */
export function talosctlCommands(cluster: ClusterModel, action: TalosctlAction, options: TalosctlOptions): string[] {
  if (options.insecure && action !== "apply") throw new TalosctlSelectionError("only apply takes --insecure (for nodes still in maintenance mode)");
  const talosconfig = `--talosconfig=${options.configDir}/${TALOSCONFIG_FILE}`;
  const nodes = options.node ? [options.node] : byRole(cluster);
  const target = (n: NodeModel) => `--nodes=${n.address}`;
  switch (action) {
    case "apply":
      return nodes.map((n) =>
        line("apply-config", [talosconfig, target(n), `--file=${options.configDir}/${machineConfigFileName(cluster, n)}`, ...(options.insecure ? ["--insecure"] : [])]),
      );
    case "bootstrap":
      // etcd is bootstrapped exactly once, on one control plane; the others join it.
      return [line("bootstrap", [talosconfig, target(oneControlPlane(cluster, options.node, "bootstrap"))])];
    case "kubeconfig":
      return [line("kubeconfig", [talosconfig, target(oneControlPlane(cluster, options.node, "kubeconfig")), "--force"], [options.kubeconfigPath])];
    case "upgrade":
      // One node at a time, control planes first; talosctl waits for each node to come back.
      return nodes.map((n) => line("upgrade", [talosconfig, target(n), `--image=${installerImageRef(cluster, n)}`]));
    case "upgrade-k8s": {
      const version = cluster.kubernetesVersion.startsWith("v") ? cluster.kubernetesVersion : `v${cluster.kubernetesVersion}`;
      return [line("upgrade-k8s", [talosconfig, target(oneControlPlane(cluster, options.node, "upgrade-k8s")), `--to=${version}`])];
    }
    case "reset":
      return resetCommands(cluster, options.node, talosconfig);
  }
}

/**
 * Back to maintenance mode: wipe STATE and EPHEMERAL, reboot, don't wait (the node comes back
 * without the certificates talosctl would wait with), as cluster-template's `talos:reset` does.
 * Tearing down the whole cluster is not graceful (etcd loses quorum on the way, so leaving it
 * cleanly is impossible), workers first. One node of a cluster that keeps a control plane is
 * reset gracefully: it is drained and leaves etcd, so the survivors carry no stale member.
 */
function resetCommands(cluster: ClusterModel, node: NodeModel | undefined, talosconfig: string): string[] {
  const wipe = ["--reboot", "--system-labels-to-wipe=STATE", "--system-labels-to-wipe=EPHEMERAL", "--wait=false"];
  if (node) {
    const survivors = controlPlanes(cluster).filter((n) => n !== node);
    const graceful = survivors.length > 0;
    return [line("reset", [talosconfig, `--nodes=${node.address}`, ...(graceful ? [] : ["--graceful=false"]), ...wipe])];
  }
  return [...byRole(cluster)].reverse().map((n) => line("reset", [talosconfig, `--nodes=${n.address}`, "--graceful=false", ...wipe]));
}
