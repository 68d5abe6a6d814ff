import { join } from "node:path";
import { readProjectFile } from "../files/read-project-file.js";
import { decryptSops, type RecipientOptions } from "../secrets/sops/index.js";
import { encryptBranchesToYaml } from "../secrets/sops/encrypt.js";
import { str, type SopsComment, type SopsMapping, type SopsNode, type SopsPair } from "../secrets/sops/tree.js";
import { describeReadError, MAX_SOPS_BYTES, readInput } from "../files/read-input.js";

/** The committed, SOPS-encrypted store of secret values beside cluster.lab. */
export const STORE_FILE = "secrets.sops.yaml";

export interface SecretStore {
  readonly path: string;
  /** Every top-level string value, and the text of every int, float and bool (what a secret reads). */
  readonly values: Map<string, string>;
  /** The file's text as read (undefined when there was none), for quiet re-encryption. */
  readonly previous: string | undefined;
  /**
   * The decrypted top level as the file held it — order, comments, typed and nested values — so
   * writing it back changes only what changed, also in a store written by `sops edit` or `sops -e`.
   */
  readonly entries: readonly (SopsPair | SopsComment)[];
  /** Entries without a text value (maps, lists, null, times) that `removeStoreEntry` dropped. */
  readonly dropped: Set<string>;
}

export class StoreError extends Error {
  /** "unreadable": something is at the path that cannot be read as a file (LAB5003, not LAB4004). */
  constructor(message: string, readonly reason: "undecryptable" | "unreadable" = "undecryptable") {
    super(message);
  }
}

/** The text a store() secret reads from a scalar; undefined for what has none (maps, lists, null, times). */
function scalarText(node: SopsNode): string | undefined {
  switch (node.kind) {
    case "str":
      return node.value;
    case "int":
      return node.value.toString();
    case "float":
      return String(node.value);
    case "bool":
      return node.value ? "true" : "false";
    default:
      return undefined;
  }
}

export async function openStore(root: string, identities: readonly string[]): Promise<SecretStore> {
  const path = join(root, STORE_FILE);
  const read = readProjectFile(path);
  if (read.kind === "missing") return { path, values: new Map(), previous: undefined, entries: [], dropped: new Set() };
  if (read.kind === "unreadable") throw new StoreError(`cannot read the secret store ${STORE_FILE}: ${read.why}; labc will not make a new one in its place, put the store file back`, "unreadable");
  const previous = read.text;
  let top: SopsMapping | undefined;
  try {
    top = (await decryptSops(previous, { format: "yaml", identities: [...identities] })).branches[0];
  } catch (error) {
    throw new StoreError(`cannot decrypt the secret store ${STORE_FILE}: ${(error as Error).message}`);
  }
  const entries = top?.items ?? [];
  const values = new Map<string, string>();
  for (const item of entries) {
    if (item.kind !== "pair") continue;
    const text = scalarText(item.value);
    if (text !== undefined) values.set(item.key, text);
  }
  return { path, values, previous, entries, dropped: new Set() };
}

/** `labc secret rm`: removes a value, or an entry without one (a map or list sops put there). */
export function removeStoreEntry(store: SecretStore, name: string): boolean {
  if (store.values.delete(name)) return true;
  if (!store.entries.some((i) => i.kind === "pair" && i.key === name) || store.dropped.has(name)) return false;
  store.dropped.add(name);
  return true;
}

const byName = (a: string, b: string): number => a.localeCompare(b);

/**
 * The store's top level after set/rm: entries stay where they were and as they were (an int
 * stays an int while its text is unchanged); a new name goes before the first entry that sorts
 * after it, so a store labc wrote stays sorted.
 */
function storeItems(store: SecretStore): (SopsPair | SopsComment)[] {
  const items: (SopsPair | SopsComment)[] = [];
  const placed = new Set<string>();
  for (const item of store.entries) {
    if (item.kind === "comment") {
      items.push(item);
      continue;
    }
    if (store.dropped.has(item.key) || placed.has(item.key)) continue;
    const value = store.values.get(item.key);
    const text = scalarText(item.value);
    if (value === undefined) {
      // A scalar missing from `values` was removed; other entries are no secret's and stay.
      if (text === undefined) items.push(item);
      continue;
    }
    placed.add(item.key);
    items.push(text === value ? item : { kind: "pair", key: item.key, value: str(value) });
  }
  for (const [key, value] of [...store.values].filter(([k]) => !placed.has(k)).sort(([a], [b]) => byName(a, b))) {
    const at = items.findIndex((i) => i.kind === "pair" && byName(i.key, key) > 0);
    const pair: SopsPair = { kind: "pair", key, value: str(value) };
    if (at < 0) items.push(pair);
    else items.splice(at, 0, pair);
  }
  return items;
}

/** The store's new file text: unchanged values keep their ciphertext, an unchanged store its bytes. */
export async function sealStore(store: SecretStore, keys: RecipientOptions, identities: readonly string[]): Promise<string> {
  const branch: SopsMapping = { kind: "map", items: storeItems(store) };
  const result = await encryptBranchesToYaml([branch], {
    ...(keys.recipients ? { recipients: keys.recipients } : {}),
    ...(keys.keyGroups ? { keyGroups: keys.keyGroups } : {}),
    ...(keys.shamirThreshold !== undefined ? { shamirThreshold: keys.shamirThreshold } : {}),
    macOnlyEncrypted: true,
    ...(store.previous !== undefined ? { previous: store.previous } : {}),
    identities: [...identities],
  });
  return result.text;
}
