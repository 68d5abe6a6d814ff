import { commented, toJson5 } from "./json5.js";

/**
 * `.renovaterc.json5`. Every version labc pins carries a `# renovate: datasource=… depName=…`
 * comment (YAML and TOML) and cluster.lab may carry `// renovate: …` comments, so three regex
 * managers find them all and Renovate's own file-format managers stay off (they would report
 * the same dependencies a second time). An update to a dependency found both in cluster.lab and
 * in generated files is one branch, so the source and the output move together; one found only
 * in generated files is reverted by the next `labc build`, and its pull request says so.
 */

/** `// renovate: datasource=docker depName=ghcr.io/siderolabs/installer` above `talos = v1.10.7`. */
export const LAB_RENOVATE_PATTERN =
  '//\\s*renovate:\\s*datasource=(?<datasource>\\S+)\\s+depName=(?<depName>\\S+)(?:\\s+versioning=(?<versioning>\\S+))?\\s*\\n[^\\n]*?=\\s*"?(?<currentValue>v?\\d[^"\\s}]*)"?';
/** `# renovate: …` on the line above `key: value` in the generated YAML. */
export const YAML_RENOVATE_PATTERN =
  '#\\s*renovate:\\s*datasource=(?<datasource>\\S+)\\s+depName=(?<depName>\\S+)(?:\\s+versioning=(?<versioning>\\S+))?\\s*\\n\\s*(?:- )?[\\w.-]+:\\s*"?(?<currentValue>[^"\\s]+)"?';
/** `# renovate: …` above `"aqua:owner/repo" = "1.2.3"` in .mise.toml. */
export const TOML_RENOVATE_PATTERN =
  '#\\s*renovate:\\s*datasource=(?<datasource>\\S+)\\s+depName=(?<depName>\\S+)\\s*\\n"?[^"=\\n]+"?\\s*=\\s*"(?<currentValue>[^"]+)"';

/** Files labc writes: a bump only there is undone by the next build. */
export const GENERATED_FILE_PATTERNS = ["bootstrap/**", "kubernetes/**", "talos/**", ".mise.toml", ".github/workflows/labc.yaml"];

export function renderRenovateConfig(): string {
  const config = {
    $schema: "https://docs.renovatebot.com/renovate-schema.json",
    extends: ["config:recommended", "docker:enableMajor", ":dependencyDashboard", ":semanticCommits", ":timezone(Etc/UTC)", ":skipStatusChecks"],
    dependencyDashboardTitle: "Renovate Dashboard",
    schedule: ["every weekend"],
    suppressNotifications: ["prEditedNotification", "prIgnoreNotification"],
    ignorePaths: commented("Encrypted files and the plaintext machine configs are never scanned.", ["**/*.sops.*", "talos/clusterconfig/**"]),
    enabledManagers: commented(
      "Only the comment-driven managers: every pinned version has a renovate comment, so the flux,\nhelmfile and helm-values managers would find each dependency a second time.",
      ["custom.regex", "github-actions"],
    ),
    customManagers: [
      commented("cluster.lab, the source labc builds from: a bump here survives every rebuild.", {
        customType: "regex",
        description: "cluster.lab versions marked // renovate:",
        managerFilePatterns: ["/(^|/)[^/]+\\.lab$/"],
        matchStrings: [LAB_RENOVATE_PATTERN],
      }),
      commented("Versions labc pinned in the generated YAML (charts, images, Talos, Flux).", {
        customType: "regex",
        description: "generated YAML versions marked # renovate:",
        managerFilePatterns: ["/(^|/)(bootstrap|kubernetes|talos)/.+\\.ya?ml$/"],
        matchStrings: [YAML_RENOVATE_PATTERN],
      }),
      commented("CLI pins in .mise.toml; GitHub release tags carry a v the pins do not.", {
        customType: "regex",
        description: ".mise.toml tools marked # renovate:",
        managerFilePatterns: ["/(^|/)\\.mise\\.toml$/"],
        matchStrings: [TOML_RENOVATE_PATTERN],
        extractVersionTemplate: "^v?(?<version>.+)$",
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
          "fluxcd/flux2",
          "ghcr.io/controlplaneio-fluxcd/charts/flux-operator",
          "ghcr.io/controlplaneio-fluxcd/charts/flux-instance",
        ],
        groupName: "Flux",
      },
      commented("labc regenerates these files from cluster.lab; a version that is not also in cluster.lab comes back on the next build.", {
        matchFileNames: GENERATED_FILE_PATTERNS,
        prBodyNotes: [
          "labc generated some of the files in this pull request. If `cluster.lab` is not part of it, write the new version there (for example `version = …` under a `// renovate: datasource=… depName=…` comment) and run `labc build`, or the next build reverts this change.",
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
