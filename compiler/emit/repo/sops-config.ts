import type { ClusterModel } from "../../model/model.js";
import { annotate, toYaml } from "../yaml/index.js";
import { KUBERNETES_ENCRYPTED_REGEX } from "../../model/sops-rules.js";

/**
 * `.sops.yaml` creation rules. sops strips the config file's folder from the (absolute) file
 * path and takes the first rule whose path_regex matches, so the order is load-bearing: Talos
 * files are encrypted whole, Kubernetes and bootstrap Secrets only under data/stringData so
 * kustomize and reviewers can still read their metadata.
 *
 * Unlike cluster-template the regexes are anchored: otherwise a path such as
 * kubernetes/apps/talos/… would hit the whole-file Talos rule.
 */
export const talosRule = "^talos/.*\\.sops\\.ya?ml$";
export const kubernetesRule = "^(bootstrap|kubernetes)/.*\\.sops\\.ya?ml$";

export function renderSopsConfig(cluster: ClusterModel): string {
  if (cluster.recipients.length === 0 || !cluster.keyGroups.some((g) => g.length > 0)) throw new Error(".sops.yaml needs at least one age recipient");
  // The cluster's key groups as sops' creation rules take them: one group holding every recipient
  // (any single age key decrypts), or several with shamir_threshold (sops splits the data key).
  const split = cluster.keyGroups.length > 1 ? { shamir_threshold: cluster.shamirThreshold } : {};
  const keyGroups = () => cluster.keyGroups.map((g) => ({ age: [...g] }));
  const config = {
    creation_rules: [
      { path_regex: talosRule, mac_only_encrypted: true, ...split, key_groups: keyGroups() },
      {
        path_regex: kubernetesRule,
        encrypted_regex: KUBERNETES_ENCRYPTED_REGEX,
        mac_only_encrypted: true,
        ...split,
        key_groups: keyGroups(),
      },
    ],
    stores: { yaml: { indent: 2 } },
  };
  const firstRule = { path: ["creation_rules", 0], text: "The talos rule must stay first: sops uses the first rule that matches." };
  return toYaml([annotate(config, { comments: [firstRule] })]);
}
