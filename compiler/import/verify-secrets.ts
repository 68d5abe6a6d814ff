import { emitAll } from "../build/emit-all.js";
import type { ClusterModel } from "../model/model.js";
import type { SecretValues } from "../model/output.js";
import { matchingDocument, type RepoSecretFiles } from "./read-repo-secrets.js";
import type { SecretLocations } from "./secret-locations.js";
import { sameValue } from "./values-diff.js";

/**
 * The encrypted half of the import's verification: with the values read from the repository, a
 * build's Secrets are compared with the repository's, decrypted, in memory. Files that carry a
 * value that could not be read are left out.
 */
export interface SecretFilesCheck {
  readonly same: readonly string[];
  readonly differing: readonly string[];
}

export async function verifySecretFiles(model: ClusterModel, clusterRecipient: string | undefined, locations: SecretLocations, values: ReadonlyMap<string, string>, files: RepoSecretFiles): Promise<SecretFilesCheck> {
  const unknown = new Set([...locations.standIns.keys()].filter((n) => !values.has(n)));
  const skipped = new Set(locations.leaves.filter((l) => l.slots.some((s) => unknown.has(s))).map((l) => l.path));
  const secrets: SecretValues = {
    get(name: string): string {
      const value = values.get(name) ?? locations.standIns.get(name);
      if (value === undefined) throw new Error(`secret '${name}' was not read when the import located the secrets`);
      return value;
    },
  };
  const same: string[] = [];
  const differing: string[] = [];
  for (const output of await emitAll(model, secrets, clusterRecipient)) {
    if (output.kind !== "secret" || skipped.has(output.path) || !locations.leaves.some((l) => l.path === output.path)) continue;
    const docs = await files.open(output.path);
    const tree = output.tree as { kind?: string; metadata?: { name?: string } };
    const theirs = typeof docs === "string" ? undefined : matchingDocument(docs, tree.kind, tree.metadata?.name);
    (theirs !== undefined && sameValue(tree, theirs) ? same : differing).push(output.path);
  }
  return { same, differing };
}
