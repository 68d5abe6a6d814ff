// Decrypts a SOPS file and verifies its MAC, like `sops decrypt` (which refuses on mismatch).
import { SopsFormatError } from "../errors.js";
import { recoverDataKey } from "./data-key.js";
import { lastModifiedAad, type SopsMetadata } from "./metadata.js";
import { readEncryptedFile, type SopsFormat } from "./stores/read-encrypted-file.js";
import { toPlain, type SopsMapping } from "./tree.js";
import { decryptBranches, verifyMac } from "./tree-crypt.js";
import { IvStash } from "./value-cipher.js";

export interface DecryptOptions {
  readonly format: SopsFormat;
  /** AGE-SECRET-KEY-… identities to try on the file's age recipients. */
  readonly identities: readonly string[];
  /** Where the identities were looked for; only used in SopsNoMatchingKeyError messages. */
  readonly searched?: readonly string[];
}

export interface DecryptedFile {
  readonly format: SopsFormat;
  /** The first (for JSON, dotenv and binary: the only) document as plain JS. */
  readonly tree: unknown;
  /** Every document as plain JS (YAML streams may hold several). */
  readonly documents: unknown[];
  /** Typed cleartext trees, comments included (what re-encryption works from). */
  readonly branches: SopsMapping[];
  readonly dataKey: Uint8Array;
  readonly metadata: SopsMetadata;
  /** The verified MAC (uppercase hex SHA-512). */
  readonly mac: string;
}

export interface DecryptedWithStash {
  readonly file: DecryptedFile;
  /** IVs of every decrypted value, for re-encrypting unchanged values identically. */
  readonly stash: IvStash;
}

/** Decrypts with a known data key (e.g. unwrapped elsewhere) and verifies the MAC. */
export function decryptSopsWithDataKey(text: string, format: SopsFormat, dataKey: Uint8Array): DecryptedWithStash {
  const file = readEncryptedFile(text, format);
  return decryptLoaded(file.branches, file.metadata, format, dataKey);
}

function decryptLoaded(
  encrypted: SopsMapping[],
  metadata: SopsMetadata,
  format: SopsFormat,
  dataKey: Uint8Array,
): DecryptedWithStash {
  const stash = new IvStash();
  const { branches, mac } = decryptBranches(encrypted, {
    dataKey,
    selector: metadata.selector,
    macOnlyEncrypted: metadata.macOnlyEncrypted,
    stash,
  });
  verifyMac(metadata.mac, mac, dataKey, lastModifiedAad(metadata));
  const documents = branches.map(toPlain);
  if (documents.length === 0) throw new SopsFormatError("the file holds no documents");
  return {
    file: { format, tree: documents[0], documents, branches, dataKey, metadata, mac },
    stash,
  };
}

/** Decrypts and verifies, keeping the IV stash (used for quiet re-encryption). */
export async function decryptSopsWithStash(text: string, options: DecryptOptions): Promise<DecryptedWithStash> {
  const file = readEncryptedFile(text, options.format);
  const dataKey = await recoverDataKey(file.metadata, options.identities, options.searched);
  return decryptLoaded(file.branches, file.metadata, options.format, dataKey);
}

/**
 * Decrypts a SOPS file (any store) with age identities and verifies its MAC.
 * Throws SopsNoMatchingKeyError, SopsValueAuthError, SopsMacMismatchError or SopsFormatError.
 */
export async function decryptSops(text: string, options: DecryptOptions): Promise<DecryptedFile> {
  return (await decryptSopsWithStash(text, options)).file;
}
