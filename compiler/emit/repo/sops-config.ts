import type { ClusterModel } from "../../model/model.js";
import { annotate, toYaml } from "../yaml/index.js";
import { KUBERNETES_ENCRYPTED_REGEX, kubernetesRule, talosRule } from "../../model/sops-rules.js";


/**
 * `.sops.yaml` creation rules. sops strips the config file's folder from the (absolute) file
 * path and takes the first rule whose path_regex matches, so the order is load-bearing: Talos
 * files are encrypted whole, Kubernetes and bootstrap Secrets only under data/stringData so
 * kustomize and reviewers can still read their metadata.
 *
 * Unlike cluster-template the regexes are anchored: otherwise a path such as
 * kubernetes/apps/talos/… would hit the whole-file Talos rule.
 */

/**
 * `clusterRecipient`: the cluster's own age key (Flux's), added to every key group of the
 * Kubernetes rule so plain `sops` keeps Flux a reader; Talos files are the operators' alone.
 */
export function renderSopsConfig(cluster: ClusterModel, clusterRecipient?: string): string {
  if (cluster.recipients.length === 0 || !cluster.keyGroups.some((g) => g.length > 0)) throw new Error(".sops.yaml needs at least one age recipient");
  // The cluster's key groups as sops' creation rules take them: one group holding every recipient
  // (any single age key decrypts), or several with shamir_threshold (sops splits the data key).
  const split = cluster.keyGroups.length > 1 ? { shamir_threshold: cluster.shamirThreshold } : {};
  const keyGroups = (extra?: string) => cluster.keyGroups.map((g) => ({ age: extra && !g.includes(extra) ? [...g, extra] : [...g] }));
  const config = {
    creation_rules: [
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
  const firstRule = { path: ["creation_rules", 0], text: "The talos rule must stay first: sops uses the first rule that matches." };
  return toYaml([annotate(config, { comments: [firstRule] })]);
}
