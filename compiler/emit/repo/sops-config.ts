import { annotate, toYaml } from "../yaml/index.js";
import { KUBERNETES_ENCRYPTED_REGEX, kubernetesRule, projectFilesRule, talosRule } from "../../model/sops-rules.js";


/**
 * `.sops.yaml` creation rules. sops strips the config file's folder from the (absolute) file
 * path and takes the first rule whose path_regex matches, so the order is load-bearing: Talos
 * files are encrypted whole, Kubernetes and bootstrap Secrets only under data/stringData so
 * kustomize and reviewers can still read their metadata.
 *
 * Unlike cluster-template the regexes are anchored: otherwise a path such as
 * kubernetes/apps/talos/… would hit the whole-file Talos rule.
 */

/** The recipients a `.sops.yaml` is written for: the cluster's key groups. */
export interface SopsConfigKeys {
  readonly keyGroups: readonly (readonly string[])[];
  readonly shamirThreshold: number;
}

/**
 * `.sops.yaml` at the repository root, which is also the folder of cluster.lab: the store and
 * the Talos bundle beside it, then talos/, then bootstrap/ and kubernetes/. `labc init` writes
 * the same file (without a cluster key yet), so a build in place never loses a rule of it.
 * `clusterRecipient`: the cluster's own age key (Flux's), added to every key group of the
 * Kubernetes rule so plain `sops` keeps Flux a reader; the other files are the operators' alone.
 */
export function renderSopsConfig(keys: SopsConfigKeys, clusterRecipient?: string): string {
  if (!keys.keyGroups.some((g) => g.length > 0)) throw new Error(".sops.yaml needs at least one age recipient");
  // The cluster's key groups as sops' creation rules take them: one group holding every recipient
  // (any single age key decrypts), or several with shamir_threshold (sops splits the data key).
  const split = keys.keyGroups.length > 1 ? { shamir_threshold: keys.shamirThreshold } : {};
  const keyGroups = (extra?: string) => keys.keyGroups.map((g) => ({ age: extra && !g.includes(extra) ? [...g, extra] : [...g] }));
  const config = {
    creation_rules: [
      { path_regex: projectFilesRule, mac_only_encrypted: true, ...split, key_groups: keyGroups() },
      { path_regex: talosRule, mac_only_encrypted: true, ...split, key_groups: keyGroups() },
      {
        path_regex: kubernetesRule,
        encrypted_regex: KUBERNETES_ENCRYPTED_REGEX,
        mac_only_encrypted: true,
        ...split,
        key_groups: keyGroups(clusterRecipient),
      },
    ],
    stores: { yaml: { indent: 2 } },
  };
  const comments = [
    { path: ["creation_rules", 0], text: "The secret store and the Talos bundle beside cluster.lab. sops uses the first rule that matches." },
    { path: ["creation_rules", 1], text: "The talos rule stays before the Kubernetes one." },
  ];
  return toYaml([annotate(config, { comments })]);
}
