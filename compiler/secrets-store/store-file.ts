import { existsSync } from "node:fs";
import { discoverAgeIdentities, type DiscoveredIdentities } from "../secrets/age/index.js";
import { readEncryptedFile } from "../secrets/sops/stores/read-encrypted-file.js";
import { openStore, sealStore, StoreError, STORE_FILE, type SecretStore } from "./store.js";
import { writeFileAtomically } from "../files/write-file.js";
import type { SecretProject } from "./project.js";
import { MAX_SOPS_BYTES, readInput } from "../files/read-input.js";

/** The age identities usable for a project: sops' places, then age.key beside cluster.lab. */
export async function projectIdentities(project: SecretProject, env: NodeJS.ProcessEnv = process.env): Promise<DiscoveredIdentities> {
  return discoverAgeIdentities({ projectDir: project.root, env });
}

/** Decrypts the store for a change; a store that exists but cannot be opened is a StoreError naming where keys were looked for. */
export async function openProjectStore(project: SecretProject, keys: DiscoveredIdentities): Promise<SecretStore> {
  try {
    return await openStore(project.root, keys.identities);
  } catch (error) {
    if (error instanceof StoreError && keys.identities.length === 0) {
      throw new StoreError(`${error.message}; looked for age keys in: ${keys.searched.join(", ")}`);
    }
    throw error;
  }
}

/**
 * Writes the store back encrypted to the cluster's recipients. Unchanged values keep their
 * ciphertext (same data key and IVs), so the Git diff shows only the value that changed; a
 * changed recipient list re-wraps with a fresh data key.
 */
export async function saveProjectStore(project: SecretProject, store: SecretStore, keys: DiscoveredIdentities): Promise<"unchanged" | "written"> {
  if (project.recipients.length === 0) {
    throw new StoreError(`${project.entry} declares no age recipients (cluster { recipients = ["age1…"] }); the store cannot be encrypted`);
  }
  const text = await sealStore(store, project.keys, keys.identities);
  if (text === store.previous) return "unchanged";
  writeFileAtomically(store.path, text, 0o600);
  return "written";
}

/** The names in the store, read without any key (sops leaves mapping keys in the clear). */
export function storeNames(project: SecretProject): string[] {
  if (!existsSync(project.storePath)) return [];
  try {
    const file = readEncryptedFile(readInput(project.storePath, { maxBytes: MAX_SOPS_BYTES }), "yaml");
    return (file.branches[0]?.items ?? []).flatMap((i) => (i.kind === "pair" ? [i.key] : []));
  } catch {
    throw new StoreError(`${STORE_FILE} is not a SOPS file labc can read`);
  }
}
