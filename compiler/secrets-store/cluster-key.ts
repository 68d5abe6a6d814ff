import { join } from "node:path";
import { generateIdentity, identityToRecipient } from "../secrets/age/index.js";
import { CLUSTER_AGE_KEY } from "../model/well-known.js";
import { readAgeCreationRules } from "./recipient-drift.js";
import type { ParsedMemo } from "../files/parsed-memo.js";
import type { SecretStore } from "./store.js";

/**
 * The cluster's own age identity: what Flux decrypts the Kubernetes secrets with (the `sops-age`
 * Secret). Made once, like the Talos bundle, and kept in the secret store, which is encrypted to
 * the cluster's recipients; so the tree is the same whoever builds it, and no operator's personal
 * key ever goes into the cluster.
 */
export interface ClusterAgeKey {
  readonly identity: string;
  readonly recipient: string;
  /** True when this build made it (it must then be saved with the store). */
  readonly generated: boolean;
}

export async function ensureClusterAgeKey(store: SecretStore): Promise<ClusterAgeKey> {
  const kept = store.values.get(CLUSTER_AGE_KEY)?.trim();
  if (kept !== undefined) {
    try {
      return { identity: kept, recipient: await identityToRecipient(kept), generated: false };
    } catch {
      throw new Error(`the secret store's ${CLUSTER_AGE_KEY} is not an age identity (AGE-SECRET-KEY-1…); restore the store from Git, or remove the entry with 'labc secret rm ${CLUSTER_AGE_KEY}' to make a new cluster key (then rebuild, commit and let Flux reconcile)`);
    }
  }
  const identity = await generateIdentity();
  store.values.set(CLUSTER_AGE_KEY, identity);
  return { identity, recipient: await identityToRecipient(identity), generated: true };
}

/** The key groups with `recipient` added to each, so it alone meets any Shamir threshold. */
export function withRecipient<K extends { readonly keyGroups: readonly (readonly string[])[] }>(keys: K, recipient: string): K {
  return { ...keys, keyGroups: keys.keyGroups.map((g) => (g.includes(recipient) ? g : [...g, recipient])) };
}

/**
 * The cluster key's public recipient as the last build wrote it into the output's `.sops.yaml`
 * (the Kubernetes rule's one age key that is not among the configured recipients), for commands
 * that read no private key. Undefined for an output built before the cluster had its own key.
 */
export function clusterRecipientOf(outDir: string | undefined, configured: readonly string[], kubernetesRule: string, memo?: ParsedMemo): string | undefined {
  if (outDir === undefined) return undefined;
  const rule = readAgeCreationRules(join(outDir, ".sops.yaml"), memo)?.find((r) => r.pathRegex === kubernetesRule);
  const extra = new Set((rule?.groups.groups ?? []).flat().filter((r) => !configured.includes(r)));
  return extra.size === 1 ? [...extra][0] : undefined;
}
