import { decryptSops } from "../secrets/sops/index.js";
import { SopsNoMatchingKeyError } from "../secrets/errors.js";
import { at, isRecord, str, type RepoFiles } from "./repo-files.js";
import type { SecretLeaf, SecretLocations } from "./secret-locations.js";

/**
 * The values of the secrets, read from the repository's SOPS files at the places a build of the
 * imported cluster.lab puts them. A secret found in several places must read the same in each.
 * Reasons name files and keys, never a value.
 */
export interface RepoSecretValues {
  readonly values: ReadonlyMap<string, string>;
  /** Why a requested secret has no value. */
  readonly missing: ReadonlyMap<string, string>;
}

/** The repository's SOPS files, each decrypted once: its documents, or why there are none. */
export class RepoSecretFiles {
  private readonly files = new Map<string, Promise<unknown[] | string>>();

  constructor(private readonly repo: RepoFiles, private readonly identities: readonly string[]) {}

  open(path: string): Promise<unknown[] | string> {
    let file = this.files.get(path);
    if (!file) this.files.set(path, (file = decryptFile(this.repo, path, this.identities)));
    return file;
  }
}

export async function readRepoSecrets(files: RepoSecretFiles, locations: SecretLocations): Promise<RepoSecretValues> {
  const found = new Map<string, Map<string, string[]>>();
  const problems = new Map<string, string>();
  for (const leaf of locations.leaves) {
    const docs = await files.open(leaf.path);
    const where = `${leaf.path} ${leaf.keys.join(".")}`;
    const text = typeof docs === "string" ? undefined : leafText(docs, leaf);
    const match = text === undefined ? null : leaf.pattern.exec(text);
    leaf.slots.forEach((name, i) => {
      const recovered = match ? locations.recover.get(name)?.(match[i + 1]!) : undefined;
      // An empty value is no value: the build would refuse it as a missing one.
      if (recovered !== undefined && recovered !== "") {
        const byValue = found.get(name) ?? new Map<string, string[]>();
        byValue.set(recovered, [...(byValue.get(recovered) ?? []), where]);
        found.set(name, byValue);
      } else if (!problems.has(name)) {
        problems.set(name, typeof docs === "string" ? docs : text === undefined ? `${where} is not in the repository` : `${where} is not in the form labc writes`);
      }
    });
  }
  const values = new Map<string, string>();
  const missing = new Map<string, string>();
  for (const name of locations.standIns.keys()) {
    const byValue = found.get(name);
    if (byValue && byValue.size === 1) values.set(name, [...byValue.keys()][0]!);
    else if (byValue) missing.set(name, `the repository holds different values for it (${[...byValue.values()].map((w) => w.join(", ")).join(" / ")})`);
    else missing.set(name, problems.get(name) ?? "no Secret a build writes carries it");
  }
  return { values, missing };
}

/** The decrypted documents, or why there are none. */
async function decryptFile(repo: RepoFiles, path: string, identities: readonly string[]): Promise<unknown[] | string> {
  const text = repo.text(path);
  if (text === undefined) return `${path} is not in the repository`;
  try {
    return (await decryptSops(text, { format: "yaml", identities })).documents;
  } catch (error) {
    return error instanceof SopsNoMatchingKeyError ? `no age key found opens ${path}` : `${path} cannot be decrypted as a SOPS file`;
  }
}

/** The document of a file that is the Secret `kind`/`name` (the only one, when none is named so). */
export function matchingDocument(docs: readonly unknown[], kind: string | undefined, name: string | undefined): unknown {
  return docs.find((d) => at(d, "kind") === kind && at(d, "metadata", "name") === name) ?? (docs.length === 1 ? docs[0] : undefined);
}

/** The string at the leaf's keys in the matching document; a Secret's `data` stands in for `stringData`. */
function leafText(docs: readonly unknown[], leaf: SecretLeaf): string | undefined {
  const doc = matchingDocument(docs, leaf.kind, leaf.name);
  if (!isRecord(doc)) return undefined;
  // YAML may read an unquoted token as a number; its text is the value.
  const direct = str(at(doc, ...leaf.keys));
  if (direct !== undefined) return direct;
  const encoded = leaf.keys[0] === "stringData" ? str(at(doc, "data", ...leaf.keys.slice(1))) : undefined;
  return encoded === undefined ? undefined : Buffer.from(encoded, "base64").toString("utf8");
}
