import { parse } from "yaml";
import { findGitCopy, readGitCopy, type GitCopy } from "./git-copy.js";

/** Store entries Git still holds that the store on disk has lost, and the copy that holds them. */
export interface LostStoreEntries {
  readonly names: readonly string[];
  readonly copy: GitCopy;
}

/**
 * Of `names` (values a build is about to make because the store lacks them), those that the
 * store's version in Git (the index, else its newest commit) has: a value the cluster already
 * uses, lost from the work tree by a bad merge or an edit. sops leaves keys in cleartext, so
 * this needs no key. Without Git or a tracked store there is no evidence, and none is lost.
 */
export function lostStoreEntries(storePath: string, names: readonly string[]): LostStoreEntries | undefined {
  if (names.length === 0) return undefined;
  const copy = findGitCopy(storePath);
  if (!copy) return undefined;
  const text = readGitCopy(copy);
  if (text === undefined) return undefined;
  let top: unknown;
  try {
    top = parse(text, { schema: "failsafe", uniqueKeys: false });
  } catch {
    return undefined; // a copy that is not YAML says nothing about what the store held
  }
  if (top === null || typeof top !== "object" || Array.isArray(top)) return undefined;
  const held = new Set(Object.keys(top).filter((k) => k !== "sops"));
  const lost = names.filter((n) => held.has(n));
  return lost.length > 0 ? { names: lost, copy } : undefined;
}
