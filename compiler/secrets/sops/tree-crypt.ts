// Tree.Encrypt / Tree.Decrypt from sops.go: encrypt or decrypt every selected leaf and compute the
// MAC (SHA-512 over the cleartext bytes of the leaves, comments excluded) in the same walk.
import { createHash, type Hash } from "node:crypto";
import { SopsFormatError, SopsMacMismatchError, SopsValueAuthError } from "../errors.js";
import { LeafSelector, type SopsSelector } from "./selection.js";
import type { SopsBranch } from "./tree.js";
import { aadFor, walkBranch, type VisitedLeaf } from "./tree-walk.js";
import { decryptValue, encryptValue, IvStash, valueBytes } from "./value-cipher.js";

export interface TreeCryptSettings {
  readonly dataKey: Uint8Array;
  readonly selector: SopsSelector;
  readonly macOnlyEncrypted: boolean;
  /** IVs to reuse for unchanged values (encrypt) or to record (decrypt). */
  readonly stash?: IvStash;
}

export interface TreeCryptResult {
  readonly branches: SopsBranch[];
  /** Uppercase hex SHA-512 over the cleartext values, as sops stores it (before encryption). */
  readonly mac: string;
}

function newMacHash(macOnlyEncrypted: boolean): Hash {
  const hash = createHash("sha512");
  // sops seeds the hash with SHA-256("sops") so the two MAC modes can never collide.
  if (macOnlyEncrypted) hash.update(createHash("sha256").update("sops").digest());
  return hash;
}

export function encryptBranches(branches: readonly SopsBranch[], settings: TreeCryptSettings): TreeCryptResult {
  const selector = new LeafSelector(settings.selector);
  const hash = newMacHash(settings.macOnlyEncrypted);
  const out = branches.map((branch) =>
    walkBranch(branch, (leaf, path, stack): VisitedLeaf => {
      const isComment = leaf.kind === "comment";
      const encrypted = selector.shouldEncrypt(path, stack, isComment);
      if (!isComment && (encrypted || !settings.macOnlyEncrypted)) hash.update(valueBytes(leaf));
      if (!encrypted) return leaf;
      // A string, as in sops: the walk makes it a comment again in a mapping, an item in a list.
      return { kind: "str", value: encryptValue(leaf, settings.dataKey, aadFor(path), settings.stash) };
    }),
  );
  return { branches: out, mac: hash.digest("hex").toUpperCase() };
}

function decryptComment(text: string, path: readonly string[], settings: TreeCryptSettings): VisitedLeaf {
  // sops keeps a comment that does not decrypt (files written before comments were encrypted).
  // Parsers disagree on which collection owns a comment that trails a nested block, so the
  // enclosing collections' paths are tried too; a success still proves authenticity.
  for (let depth = path.length; depth >= 0; depth--) {
    try {
      const value = decryptValue(text, settings.dataKey, aadFor(path.slice(0, depth)), aadFor(path), settings.stash);
      return value.kind === "comment" ? value : { kind: "comment", value: value.kind === "str" ? value.value : text };
    } catch (err) {
      if (!(err instanceof SopsValueAuthError) && !(err instanceof SopsFormatError)) throw err;
    }
  }
  return { kind: "comment", value: text };
}

export function decryptBranches(branches: readonly SopsBranch[], settings: TreeCryptSettings): TreeCryptResult {
  const selector = new LeafSelector(settings.selector);
  const hash = newMacHash(settings.macOnlyEncrypted);
  const out = branches.map((branch) =>
    walkBranch(branch, (leaf, path, stack): VisitedLeaf => {
      const isComment = leaf.kind === "comment";
      const encrypted = selector.shouldEncrypt(path, stack, isComment);
      let value: VisitedLeaf = leaf;
      if (encrypted && leaf.kind === "comment") {
        value = decryptComment(leaf.value, path, settings);
      } else if (encrypted) {
        if (leaf.kind !== "str") {
          throw new SopsFormatError(`value at "${aadFor(path)}" should be encrypted but is a cleartext ${leaf.kind}`);
        }
        value = decryptValue(leaf.value, settings.dataKey, aadFor(path), aadFor(path), settings.stash);
      }
      if (value.kind !== "comment" && (encrypted || !settings.macOnlyEncrypted)) hash.update(valueBytes(value));
      return value;
    }),
  );
  return { branches: out, mac: hash.digest("hex").toUpperCase() };
}

/** sops.mac: the MAC encrypted as a string with `lastmodified` as AAD. */
export function encryptMac(mac: string, dataKey: Uint8Array, lastModifiedAad: string): string {
  return encryptValue({ kind: "str", value: mac }, dataKey, lastModifiedAad);
}

/** Checks the stored `sops.mac` against the MAC computed while decrypting. */
export function verifyMac(storedMac: string, computed: string, dataKey: Uint8Array, lastModifiedAad: string): void {
  if (storedMac === "") throw new SopsMacMismatchError(undefined, computed);
  let stored: string;
  try {
    const value = decryptValue(storedMac, dataKey, lastModifiedAad, "sops.mac");
    stored = value.kind === "str" ? value.value : "";
  } catch {
    throw new SopsMacMismatchError(
      undefined,
      computed,
      "MAC mismatch: the stored MAC does not decrypt (sops.mac or sops.lastmodified was altered)",
    );
  }
  if (stored !== computed) throw new SopsMacMismatchError(stored, computed);
}
