import type { ClusterModel } from "../../model/model.js";
import { FLUX_DISTRIBUTION_VERSION } from "../../model/well-known.js";

/**
 * The CLIs the generated repository's tasks and workflow run, pinned in `.mise.toml`. Each pin
 * names the Renovate datasource and package it is released under, so the `# renovate:` comment
 * above it is written from the same data. talosctl, kubectl and flux follow the cluster: the
 * client matches the Talos, Kubernetes and Flux versions the cluster runs.
 */
export interface ToolPin {
  /** mise tool key (`aqua:<owner>/<repo>` or a core tool). */
  readonly tool: string;
  /** Without a leading `v`: mise's form. */
  readonly version: string;
  readonly datasource: "github-releases" | "npm" | "node-version";
  readonly depName: string;
  /** One line on what the tool is for in this repository. */
  readonly purpose: string;
}

function bare(version: string): string {
  return version.replace(/^v/, "");
}

export function toolPins(cluster: ClusterModel, labcVersion: string): ToolPin[] {
  const gh = (tool: string, version: string, depName: string, purpose: string): ToolPin => ({ tool, version, datasource: "github-releases", depName, purpose });
  return [
    { tool: "node", version: "20.19.4", datasource: "node-version", depName: "node", purpose: "runs labc" },
    { tool: "npm:labc", version: labcVersion, datasource: "npm", depName: "labc", purpose: "the compiler that wrote this repository" },
    gh("aqua:siderolabs/talos", bare(cluster.talosVersion), "siderolabs/talos", "talosctl, the same release as the nodes"),
    gh("aqua:kubernetes/kubectl", bare(cluster.kubernetesVersion), "kubernetes/kubernetes", "kubectl, the same release as the cluster"),
    gh("aqua:fluxcd/flux2", FLUX_DISTRIBUTION_VERSION, "fluxcd/flux2", "the flux CLI, the same release as the Flux distribution"),
    gh("aqua:helm/helm", "3.18.6", "helm/helm", "helm, which helmfile drives"),
    gh("aqua:helmfile/helmfile", "1.1.5", "helmfile/helmfile", "installs bootstrap/helmfile.yaml"),
    gh("aqua:getsops/sops", "3.10.2", "getsops/sops", "reads and edits *.sops.yaml by hand"),
    gh("aqua:FiloSottile/age", "1.2.1", "FiloSottile/age", "age-keygen for new keys"),
    gh("aqua:cilium/cilium-cli", "0.18.6", "cilium/cilium-cli", "cilium status after bootstrap"),
    gh("aqua:yannh/kubeconform", "0.7.0", "yannh/kubeconform", "validates the generated manifests in CI"),
    gh("aqua:go-task/task", "3.44.1", "go-task/task", "runs Taskfile.yaml"),
  ];
}
