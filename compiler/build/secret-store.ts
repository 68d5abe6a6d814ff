import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { decryptSops, encryptYaml, type RecipientOptions } from "../secrets/sops/index.js";

/** The committed, SOPS-encrypted store of secret values beside cluster.lab. */
export const STORE_FILE = "secrets.sops.yaml";

export interface SecretStore {
  readonly path: string;
  readonly values: Map<string, string>;
  /** The file's text as read (undefined when there was none), for quiet re-encryption. */
  readonly previous: string | undefined;
}

export class StoreError extends Error {}

export async function openStore(root: string, identities: readonly string[]): Promise<SecretStore> {
  const path = join(root, STORE_FILE);
  if (!existsSync(path)) return { path, values: new Map(), previous: undefined };
  const previous = readFileSync(path, "utf8");
  let tree: unknown;
  try {
    tree = (await decryptSops(previous, { format: "yaml", identities: [...identities] })).tree;
  } catch (error) {
    throw new StoreError(`cannot decrypt the secret store ${STORE_FILE}: ${(error as Error).message}`);
  }
  const values = new Map<string, string>();
  if (tree && typeof tree === "object") {
    for (const [k, v] of Object.entries(tree as Record<string, unknown>)) if (typeof v === "string") values.set(k, v);
  }
  return { path, values, previous };
}

/** The store's new file text: unchanged values keep their ciphertext, an unchanged store its bytes. */
export async function sealStore(store: SecretStore, keys: RecipientOptions, identities: readonly string[]): Promise<string> {
  const tree = Object.fromEntries([...store.values].sort(([a], [b]) => a.localeCompare(b)));
  return encryptYaml(tree, {
    recipients: keys.recipients,
    keyGroups: keys.keyGroups,
    shamirThreshold: keys.shamirThreshold,
    macOnlyEncrypted: true,
    ...(store.previous !== undefined ? { previous: store.previous } : {}),
    identities: [...identities],
  });
}

