import type { VersionPin } from "./version-pins.js";

/** Renovate's name for the Flux distribution the flux-instance chart installs. */
export const FLUX_DISTRIBUTION = "controlplaneio-fluxcd/distribution";

/**
 * The pins that belong to no app: the Flux distribution, the CLIs of the generated `.mise.toml`
 * (talosctl and kubectl follow cluster.lab's Talos and Kubernetes, flux follows the
 * distribution, labc is the release that built the tree) and the Actions of the generated
 * workflow. This labc release's defaults; the lock file beside cluster.lab overrides each.
 */
export const DEFAULT_PINS: readonly VersionPin[] = [
  { kind: "flux", datasource: "github-releases", depName: FLUX_DISTRIBUTION, version: "2.6.4" },
  { kind: "tool", datasource: "node-version", depName: "node", version: "20.19.4" },
  { kind: "tool", datasource: "github-releases", depName: "helm/helm", version: "v3.18.6" },
  { kind: "tool", datasource: "github-releases", depName: "helmfile/helmfile", version: "v1.1.5" },
  { kind: "tool", datasource: "github-releases", depName: "getsops/sops", version: "v3.10.2" },
  { kind: "tool", datasource: "github-releases", depName: "FiloSottile/age", version: "v1.2.1" },
  { kind: "tool", datasource: "github-releases", depName: "cilium/cilium-cli", version: "v0.18.6" },
  { kind: "tool", datasource: "github-releases", depName: "yannh/kubeconform", version: "v0.7.0" },
  { kind: "tool", datasource: "github-releases", depName: "go-task/task", version: "v3.44.1" },
  { kind: "action", datasource: "github-tags", depName: "actions/checkout", version: "v4" },
  { kind: "action", datasource: "github-tags", depName: "jdx/mise-action", version: "v2" },
];
