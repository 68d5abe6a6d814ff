import { KUBERNETES_ENCRYPTED_REGEX } from "../model/sops-rules.js";

/**
 * The `.sops.yaml` `labc init` writes beside cluster.lab, so plain `sops` and editor plugins
 * treat labc's files as labc does. sops takes the first rule whose path_regex matches the path
 * relative to this file, so the order matters:
 * - the store and the Talos bundle beside cluster.lab: every value encrypted;
 * - Secrets of a generated repository below this folder (out/): only data/stringData, like the
 *   repository's own .sops.yaml; placed before the Talos rule so kubernetes/apps/talos/… stays a
 *   Kubernetes Secret;
 * - the repository's copy of the Talos bundle: every value.
 * indent 2 matches labc's output, so `sops edit` does not reformat a whole file.
 *
 * One key group is written as `age: a,b` (any key opens a file); several as sops' `key_groups`
 * with `shamir_threshold`, so plain sops splits the data key the way labc does.
 */
export function projectSopsConfig(keyGroups: readonly (readonly string[])[], shamirThreshold = keyGroups.length): string {
  const keys =
    keyGroups.length === 1
      ? [`    age: ${keyGroups[0]!.join(",")}`]
      : [`    shamir_threshold: ${shamirThreshold}`, "    key_groups:", ...keyGroups.flatMap((g) => ["      - age:", ...g.map((r) => `          - ${r}`)])];
  return [
    "# sops rules for the files labc keeps beside cluster.lab and for a generated repository below it.",
    "# sops uses the first rule that matches, so keep the order.",
    "creation_rules:",
    "  - path_regex: ^(secrets|talsecret)\\.sops\\.ya?ml$",
    "    mac_only_encrypted: true",
    ...keys,
    "  - path_regex: (^|/)(bootstrap|kubernetes)/.*\\.sops\\.ya?ml$",
    `    encrypted_regex: ${KUBERNETES_ENCRYPTED_REGEX}`,
    "    mac_only_encrypted: true",
    ...keys,
    "  - path_regex: (^|/)talos/.*\\.sops\\.ya?ml$",
    "    mac_only_encrypted: true",
    ...keys,
    "stores:",
    "  yaml:",
    "    indent: 2",
    "",
  ].join("\n");
}
