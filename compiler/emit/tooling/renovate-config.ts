import { commented, toJson5 } from "./json5.js";

/**
 * `.renovaterc.json5`. Renovate bumps only the lines a build reads: cluster.lab's versions
 * (under `// renovate: …` comments, and `oci("…", version)` charts) and versions.lock.yaml, where
 * labc keeps every version cluster.lab does not set. A rebuild carries a bump into every file
 * that uses the version, so nothing Renovate changes is undone; the generated workflow rebuilds
 * the tree on Renovate's branches. Generated files are not scanned at all: a bump there would be
 * reverted by the next build. labc's own pin in .mise.toml is the one exception, since a build
 * by that labc writes the same line again.
 */

/** `// renovate: datasource=docker depName=ghcr.io/siderolabs/installer` above `talos = v1.10.7`. */
export const LAB_RENOVATE_PATTERN =
  '//\\s*renovate:\\s*datasource=(?<datasource>\\S+)\\s+depName=(?<depName>\\S+)(?:\\s+versioning=(?<versioning>\\S+))?\\s*\\n[^\\n]*?=\\s*"?(?<currentValue>v?\\d[^"\\s}]*)"?';
/** `chart = oci("oci://ghcr.io/x/y", 1.2.3)`: the chart names itself, so it needs no comment. */
export const LAB_OCI_CHART_PATTERN = 'oci\\(\\s*"oci://(?<depName>[^"]+)"\\s*,\\s*"?(?<currentValue>v?\\d[^"\\s,)]*)"?';
/** `# renovate: …` above `name: version` in versions.lock.yaml. */
export const LOCK_RENOVATE_PATTERN =
  '#\\s*renovate:\\s*datasource=(?<datasource>\\S+)\\s+depName=(?<depName>\\S+)\\s*\\n\\s*"?[^"\\s]+"?:\\s*"?(?<currentValue>[^"\\s]+)"?';
/** labc's own line in .mise.toml: `"npm:labc" = "0.1.0"` under its comment. */
export const MISE_LABC_PATTERN = '#\\s*renovate:\\s*datasource=(?<datasource>npm)\\s+depName=(?<depName>labc)\\s*\\n"npm:labc"\\s*=\\s*"(?<currentValue>[^"]+)"';

/** Files labc writes from cluster.lab and versions.lock.yaml: Renovate leaves them alone. */
export const GENERATED_FILE_PATTERNS = ["bootstrap/**", "kubernetes/**", "talos/**", ".github/workflows/labc.yaml", "Taskfile.yaml"];

export function renderRenovateConfig(): string {
  const config = {
    $schema: "https://docs.renovatebot.com/renovate-schema.json",
    extends: ["config:recommended", "docker:enableMajor", ":dependencyDashboard", ":semanticCommits", ":timezone(Etc/UTC)", ":skipStatusChecks"],
    dependencyDashboardTitle: "Renovate Dashboard",
    schedule: ["every weekend"],
    suppressNotifications: ["prEditedNotification", "prIgnoreNotification"],
    ignorePaths: commented(
      "Encrypted files, the plaintext machine configs and every file labc generates: a version is\nchanged where labc reads it (cluster.lab, versions.lock.yaml), and labc build carries it here.",
      ["**/*.sops.*", "talos/clusterconfig/**", ...GENERATED_FILE_PATTERNS],
    ),
    enabledManagers: commented(
      "The regex managers below, and github-actions for workflows of your own (labc's is ignored above).",
      ["custom.regex", "github-actions"],
    ),
    customManagers: [
      commented("cluster.lab, the source labc builds from.", {
        customType: "regex",
        description: "cluster.lab versions marked // renovate:",
        managerFilePatterns: ["/(^|/)[^/]+\\.lab$/"],
        matchStrings: [LAB_RENOVATE_PATTERN],
      }),
      {
        customType: "regex",
        description: "cluster.lab charts written as oci(\"oci://…\", version)",
        managerFilePatterns: ["/(^|/)[^/]+\\.lab$/"],
        matchStrings: [LAB_OCI_CHART_PATTERN],
        datasourceTemplate: "docker",
      },
      commented("versions.lock.yaml: what labc picked where cluster.lab sets no version.", {
        customType: "regex",
        description: "versions.lock.yaml entries",
        managerFilePatterns: ["/(^|/)versions\\.lock\\.yaml$/"],
        matchStrings: [LOCK_RENOVATE_PATTERN],
      }),
      commented("labc itself: the build writes the line of the labc that ran, so a bump here holds.", {
        customType: "regex",
        description: "the labc release in .mise.toml",
        managerFilePatterns: ["/(^|/)\\.mise\\.toml$/"],
        matchStrings: [MISE_LABC_PATTERN],
      }),
    ],
    packageRules: [
      commented("The client tools follow the cluster: talosctl with Talos, kubectl with Kubernetes, flux with Flux.", {
        matchDepNames: ["ghcr.io/siderolabs/installer", "siderolabs/talos"],
        groupName: "Talos",
      }),
      { matchDepNames: ["ghcr.io/siderolabs/kubelet", "kubernetes/kubernetes"], groupName: "Kubernetes" },
      {
        matchDepNames: [
          "controlplaneio-fluxcd/distribution",
          "ghcr.io/controlplaneio-fluxcd/charts/flux-operator",
          "ghcr.io/controlplaneio-fluxcd/charts/flux-instance",
        ],
        groupName: "Flux",
      },
      commented("The generated workflow rebuilds the tree on these branches; the notes say so.", {
        matchManagers: ["custom.regex"],
        prBodyNotes: [
          "This changes a version labc reads. The labc workflow rebuilds the tree on this branch and commits it (`labc build --out .`), so the generated files follow in a second commit; without the repository's SOPS_AGE_KEY secret it says what to run instead.",
        ],
      }),
      { matchUpdateTypes: ["major"], semanticCommitType: "feat", commitMessagePrefix: "{{semanticCommitType}}({{semanticCommitScope}})!:" },
      { matchUpdateTypes: ["minor"], semanticCommitType: "feat" },
      { matchUpdateTypes: ["patch", "digest"], semanticCommitType: "fix" },
      { matchDatasources: ["docker"], semanticCommitScope: "container" },
      { matchDatasources: ["github-releases", "github-tags"], semanticCommitScope: "github-release" },
      { matchManagers: ["github-actions"], semanticCommitType: "ci", semanticCommitScope: "github-action" },
    ],
  };
  return toJson5(config, ["Generated by labc from cluster.lab; edit cluster.lab and rebuild instead of this file."]);
}
