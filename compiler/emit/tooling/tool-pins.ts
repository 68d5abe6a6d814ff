import type { ClusterModel } from "../../model/model.js";
import { FLUX_DISTRIBUTION } from "../../model/default-pins.js";
import { pinnedVersion } from "../../model/version-pins.js";
import { VERSIONS_LOCK_FILE } from "../../model/well-known.js";

/**
 * The CLIs the generated repository's tasks and workflow run, pinned in `.mise.toml`. talosctl,
 * kubectl and flux follow the cluster (the client matches the Talos, Kubernetes and Flux
 * versions it runs), labc is the release that built the tree, and the rest come from
 * versions.lock.yaml, where Renovate bumps them.
 */
export interface ToolPin {
  /** mise tool key (`aqua:<owner>/<repo>` or a core tool). */
  readonly tool: string;
  /** Without a leading `v`: mise's form. */
  readonly version: string;
  /** One line on what the tool is for in this repository. */
  readonly purpose: string;
  /** Where the version is set: the line a person (or Renovate) changes. */
  readonly source: string;
  /** Renovate's datasource and name, for the one pin it bumps in this file (labc's own). */
  readonly renovate?: { readonly datasource: string; readonly depName: string };
}

function bare(version: string): string {
  return version.replace(/^v/, "");
}

/** Tools whose version is the lock's: mise key, lock depName, purpose. */
const LOCKED_TOOLS: readonly (readonly [string, string, string])[] = [
  ["node", "node", "runs labc"],
  ["aqua:helm/helm", "helm/helm", "helm, which helmfile drives"],
  ["aqua:helmfile/helmfile", "helmfile/helmfile", "installs bootstrap/helmfile.yaml"],
  ["aqua:getsops/sops", "getsops/sops", "reads and edits *.sops.yaml by hand"],
  ["aqua:FiloSottile/age", "FiloSottile/age", "age-keygen for new keys"],
  ["aqua:cilium/cilium-cli", "cilium/cilium-cli", "cilium status after bootstrap"],
  ["aqua:yannh/kubeconform", "yannh/kubeconform", "validates the generated manifests in CI"],
  ["aqua:go-task/task", "go-task/task", "runs Taskfile.yaml"],
];

export function toolPins(cluster: ClusterModel, labcVersion: string): ToolPin[] {
  const locked = (tool: string, depName: string, purpose: string): ToolPin => ({ tool, version: bare(pinnedVersion(cluster.pins, depName)), purpose, source: `${VERSIONS_LOCK_FILE} (${depName})` });
  const [node, ...rest] = LOCKED_TOOLS.map(([tool, depName, purpose]) => locked(tool, depName, purpose));
  return [
    node!,
    { tool: "npm:labc", version: labcVersion, purpose: "the compiler that wrote this repository", source: "the labc that ran labc build", renovate: { datasource: "npm", depName: "labc" } },
    { tool: "aqua:siderolabs/talos", version: bare(cluster.talosVersion), purpose: "talosctl, the same release as the nodes", source: "talos in cluster.lab" },
    { tool: "aqua:kubernetes/kubectl", version: bare(cluster.kubernetesVersion), purpose: "kubectl, the same release as the cluster", source: "kubernetes in cluster.lab" },
    { tool: "aqua:fluxcd/flux2", version: bare(pinnedVersion(cluster.pins, FLUX_DISTRIBUTION)), purpose: "the flux CLI, the same release as the Flux distribution", source: `${VERSIONS_LOCK_FILE} (${FLUX_DISTRIBUTION})` },
    ...rest,
  ];
}
