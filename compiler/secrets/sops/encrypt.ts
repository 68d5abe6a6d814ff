// Encrypts plain JS documents to sops YAML, with sops-edit-style quiet diffs against the
// previous file: identical content returns the previous bytes, a changed tree keeps the data key
// and the IVs of unchanged values, and only changed recipients or key groups (or no usable
// previous) get a new key. With several key groups the data key is split with Shamir as sops does.
import { randomBytes } from "node:crypto";
import { wrapDataKey } from "../age/data-key-wrap.js";
import { SopsError, SopsInputError } from "../errors.js";
import { DATA_KEY_BYTES } from "./data-key.js";
import { decryptSopsWithStash } from "./decrypt.js";
import { formatLastModified } from "./go-time.js";
import { fileRecipientGroups, recipientGroupsOf, sameRecipientGroups, type RecipientGroups, type RecipientOptions } from "./key-groups.js";
import { metadataMapping, SOPS_FORMAT_VERSION, type AgeKeyEntry } from "./metadata.js";
import { splitSecret } from "./shamir.js";
import { selectorsEqual, type SopsSelector } from "./selection.js";
import { emitYamlDocuments } from "./stores/yaml-writer.js";
import { branchesEqual, branchFromPlain, type SopsBranch, type SopsMapping } from "./tree.js";
import { encryptBranches, encryptMac } from "./tree-crypt.js";
import type { IvStash } from "./value-cipher.js";

/**
 * Either `recipients` (one key group: each gets its own wrapped copy of the data key) or
 * `keyGroups` + `shamirThreshold` (several groups: the data key is split, one share per group).
 */
export interface EncryptOptions extends RecipientOptions {
  /**
   * e.g. "^(data|stringData)$" for Kubernetes Secrets. When neither this nor `selector` is given,
   * sops' default applies: every leaf is encrypted unless a key on its path ends in `_unencrypted`.
   */
  readonly encryptedRegex?: string;
  /** Any of sops' six selectors; overrides `encryptedRegex`. */
  readonly selector?: SopsSelector;
  /** Only encrypted values go into the MAC (true for labc outputs). */
  readonly macOnlyEncrypted?: boolean;
  /** Text of the file currently at the output path, if any. */
  readonly previous?: string;
  /** Identities that can open `previous`. */
  readonly identities?: readonly string[];
  /** Clock for `lastmodified`. */
  readonly now?: () => Date;
  /** YAML indentation (sops' stores.yaml.indent); labc uses 2. */
  readonly indent?: number;
}

export type EncryptOutcome =
  /** `previous` decrypted to the same tree with the same recipients and settings: returned as is. */
  | "unchanged"
  /** Same recipients: previous data key, wrapped keys and unchanged values' IVs were reused. */
  | "reused-data-key"
  /** A fresh data key (no usable previous file, or the recipients, groups or threshold changed). */
  | "new-data-key";

export interface EncryptResult {
  readonly text: string;
  readonly outcome: EncryptOutcome;
  /** Why `previous` could not be used, when it was given but a fresh key was made. */
  readonly previousIgnored?: string;
}

interface Reuse {
  readonly dataKey: Uint8Array;
  /** The previous file's wrapped keys, group by group, kept verbatim. */
  readonly keyGroups: readonly (readonly AgeKeyEntry[])[];
  readonly stash: IvStash;
}

function selectorOf(options: EncryptOptions): SopsSelector {
  if (options.selector) return options.selector;
  if (options.encryptedRegex !== undefined) return { kind: "encrypted_regex", value: options.encryptedRegex };
  return { kind: "unencrypted_suffix", value: "_unencrypted" };
}

/**
 * A fresh data key wrapped for every key: whole with one group, else one Shamir share per group
 * (sops' UpdateMasterKeysWithKeyServices), every key of a group wrapping that group's share.
 */
async function wrapFreshKey(dataKey: Uint8Array, wanted: RecipientGroups): Promise<AgeKeyEntry[][]> {
  const parts = wanted.groups.length === 1 ? [dataKey] : splitSecret(dataKey, wanted.groups.length, wanted.threshold);
  return Promise.all(
    wanted.groups.map((group, i) => Promise.all(group.map(async (recipient) => ({ recipient, enc: await wrapDataKey(parts[i]!, recipient) })))),
  );
}

/** Encrypts a single YAML document (a plain JS tree, keys in insertion order) to sops YAML text. */
export async function encryptYaml(tree: unknown, options: EncryptOptions): Promise<string> {
  return (await encryptYamlDocumentsDetailed([tree], options)).text;
}

/** Encrypts a multi-document YAML stream; all documents share one data key, MAC and metadata. */
export async function encryptYamlDocuments(documents: readonly unknown[], options: EncryptOptions): Promise<string> {
  return (await encryptYamlDocumentsDetailed(documents, options)).text;
}

export async function encryptYamlDocumentsDetailed(
  documents: readonly unknown[],
  options: EncryptOptions,
): Promise<EncryptResult> {
  if (documents.length === 0) throw new SopsInputError("nothing to encrypt: no documents");
  const branches = documents.map((doc) => branchFromPlain(doc));
  if (branches[0]!.items.some((i) => i.kind === "pair" && i.key === "sops")) {
    throw new SopsInputError("the document already contains a top-level entry called 'sops'");
  }
  return encryptBranchesToYaml(branches, options);
}

/** Shared by encrypt and rotate: typed trees (comments allowed) in, sops YAML out. */
export async function encryptBranchesToYaml(
  branches: readonly SopsMapping[],
  options: EncryptOptions,
  reuseAllowed = true,
): Promise<EncryptResult> {
  const wanted = recipientGroupsOf(options);
  const selector = selectorOf(options);
  const macOnlyEncrypted = options.macOnlyEncrypted ?? false;

  let reuse: Reuse | undefined;
  let previousIgnored: string | undefined;
  if (reuseAllowed && options.previous !== undefined) {
    const identities = options.identities ?? [];
    if (identities.length === 0) {
      previousIgnored = "no identities were given to open the previous file";
    } else {
      try {
        const { file, stash } = await decryptSopsWithStash(options.previous, { format: "yaml", identities });
        const had = fileRecipientGroups(file.metadata.keyGroups, file.metadata.shamirThreshold);
        if (had && sameRecipientGroups(had, wanted)) {
          const sameSettings =
            selectorsEqual(file.metadata.selector, selector) && file.metadata.macOnlyEncrypted === macOnlyEncrypted;
          if (sameSettings && branchesEqual(file.branches, branches as SopsBranch[])) {
            return { text: options.previous, outcome: "unchanged" };
          }
          reuse = { dataKey: file.dataKey, keyGroups: file.metadata.keyGroups.map((g) => g.age), stash };
        } else {
          // A removed key may have kept the old data key (or, with groups, its share of it).
          previousIgnored = wanted.groups.length === 1 && (had?.groups.length ?? 1) === 1 ? "the recipients changed" : "the key groups changed";
        }
      } catch (err) {
        if (!(err instanceof SopsError)) throw err;
        previousIgnored = `the previous file could not be used: ${err.message}`;
      }
    }
  }

  const dataKey = reuse?.dataKey ?? new Uint8Array(randomBytes(DATA_KEY_BYTES));
  const keyGroups = reuse?.keyGroups ?? (await wrapFreshKey(dataKey, wanted));
  const lastModified = formatLastModified((options.now ?? (() => new Date()))());
  const encrypted = encryptBranches(branches, { dataKey, selector, macOnlyEncrypted, stash: reuse?.stash });
  const metadata = metadataMapping({
    keyGroups,
    ...(keyGroups.length > 1 ? { shamirThreshold: wanted.threshold } : {}),
    lastModified,
    mac: encryptMac(encrypted.mac, dataKey, lastModified),
    selector,
    macOnlyEncrypted,
    version: SOPS_FORMAT_VERSION,
  });
  const documents = encrypted.branches.map((b): SopsMapping => ({
    kind: "map",
    items: [...b.items, { kind: "pair", key: "sops", value: metadata }],
  }));
  return {
    text: emitYamlDocuments(documents, options.indent ?? 2),
    outcome: reuse ? "reused-data-key" : "new-data-key",
    ...(previousIgnored !== undefined ? { previousIgnored } : {}),
  };
}
