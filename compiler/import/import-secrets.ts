import type { ClusterModel } from "../model/model.js";
import { CLUSTER_AGE_KEY, DEPLOY_KEY_SECRET } from "../model/well-known.js";
import { DEPLOY_KEY_FILE } from "../emit/bootstrap/deploy-key.js";
import { SOPS_AGE_SECRET } from "../emit/flux/common-component.js";
import { identityToRecipient, type DiscoveredIdentities } from "../secrets/age/index.js";
import { openStore, sealStore, StoreError, STORE_FILE } from "../secrets-store/store.js";
import { readRepoSecrets, RepoSecretFiles } from "./read-repo-secrets.js";
import type { RepoFiles } from "./repo-files.js";
import { locateSecrets } from "./secret-locations.js";
import { verifySecretFiles, type SecretFilesCheck } from "./verify-secrets.js";

/**
 * The secret values of the imported repository, put into the store beside the new cluster.lab
 * (encrypted to the imported cluster's recipients) so that it builds without another step:
 * every store() secret, the private repository's deploy key, and the Flux key of a repository
 * labc built. What cannot be read is listed with the reason, for `labc secret set`.
 */
export interface ImportedSecrets {
  /** The store's new encrypted text; undefined when it would not change. */
  readonly storeText: string | undefined;
  /** Names whose value was read from the repository and is in the store. */
  readonly imported: readonly string[];
  /** Names the existing store already held with another value: the store's is kept. */
  readonly kept: readonly string[];
  /** Names still to set by hand, each with why its value could not be read (never the value). */
  readonly missing: readonly { readonly name: string; readonly why: string }[];
  /** The repository's encrypted Secrets a build with these values gives the same plaintext as (or not). */
  readonly check: SecretFilesCheck | undefined;
}

export interface SecretImportInput {
  readonly model: ClusterModel;
  readonly repo: RepoFiles;
  readonly keys: DiscoveredIdentities;
  /** The store() secrets cluster.lab declares. */
  readonly names: readonly string[];
  /** The recipient of the repository's own Flux key (a labc-built repository), if any. */
  readonly fluxKey: string | undefined;
  /** Where cluster.lab and the store go. */
  readonly targetDir: string;
}

export async function importSecrets(input: SecretImportInput): Promise<ImportedSecrets> {
  const { model, repo, keys, fluxKey } = input;
  const wanted = [...input.names];
  if (model.repository.visibility === "private" && !model.secrets.some((s) => s.name === DEPLOY_KEY_SECRET) && repo.exists(DEPLOY_KEY_FILE)) wanted.push(DEPLOY_KEY_SECRET);
  if (fluxKey) wanted.push(CLUSTER_AGE_KEY);
  const none = (why: string): ImportedSecrets => ({ storeText: undefined, imported: [], kept: [], missing: wanted.map((name) => ({ name, why })), check: undefined });
  if (wanted.length === 0) return none("");
  if (keys.identities.length === 0) return none(`no age key found to open the repository's SOPS files; looked in: ${[keys.searched.join(", "), ...keys.skipped].join("; ")}`);
  if (model.recipients.length === 0) return none("the repository's .sops.yaml names no age recipients to encrypt the store to");

  const locations = await locateSecrets(model, fluxKey);
  const files = new RepoSecretFiles(repo, keys.identities);
  const read = await readRepoSecrets(files, locations);
  const found = new Map<string, string>();
  const missing: { name: string; why: string }[] = [];
  for (const name of wanted) {
    // The sops-age Secret holds Flux's key; the store keeps it as cluster-age-key.
    const from = name === CLUSTER_AGE_KEY ? SOPS_AGE_SECRET : name;
    const value = read.values.get(from);
    const why = value === undefined ? (read.missing.get(from) ?? "no Secret a build writes carries it") : name === CLUSTER_AGE_KEY ? await notTheFluxKey(value, fluxKey!) : undefined;
    if (why === undefined) found.set(name, value!);
    else missing.push({ name, why });
  }

  let store;
  try {
    store = await openStore(input.targetDir, keys.identities);
  } catch (error) {
    if (!(error instanceof StoreError)) throw error;
    return none(`the ${STORE_FILE} already beside cluster.lab cannot be added to (${error.message})`);
  }
  const imported: string[] = [];
  const kept: string[] = [];
  let changed = false;
  for (const [name, value] of found) {
    const held = store.values.get(name);
    if (held !== undefined && held !== value) {
      kept.push(name);
      continue;
    }
    if (held === undefined) {
      store.values.set(name, value);
      changed = true;
    }
    imported.push(name);
  }
  const storeText = changed ? await sealStore(store, { keyGroups: model.keyGroups, shamirThreshold: model.shamirThreshold }, keys.identities) : undefined;
  // The values the build will read: the store's, which win over the repository's.
  const values = new Map([...found].map(([name, value]) => [name === CLUSTER_AGE_KEY ? SOPS_AGE_SECRET : name, store.values.get(name) ?? value]));
  // A value the emitters cannot use (a deploy key that is no SSH key) leaves the check out; the build reports it.
  const check = await verifySecretFiles(model, fluxKey, locations, values, files).catch(() => undefined);
  return { storeText, imported, kept, missing, check };
}

async function notTheFluxKey(identity: string, fluxKey: string): Promise<string | undefined> {
  try {
    return (await identityToRecipient(identity.trim())) === fluxKey ? undefined : "the sops-age Secret holds another key than the one .sops.yaml names for Flux";
  } catch {
    return "the sops-age Secret holds no age identity";
  }
}
