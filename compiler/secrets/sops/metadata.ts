// The `sops:` block: reading it from any store (after conversion to plain JS) the way sops'
// stores.Metadata.ToInternal does, and building it for output in the sops 3.10–3.12 layout.
import { SopsFormatError } from "../errors.js";
import { formatRfc3339, goTimeFromDate, parseRfc3339 } from "./go-time.js";
import { DEFAULT_SELECTOR, SELECTOR_KINDS, type SopsSelector } from "./selection.js";
import { str, type SopsMapping, type SopsPair } from "./tree.js";

/** The sops version written into `sops.version`; the layout below is the one 3.10–3.12 emit. */
export const SOPS_FORMAT_VERSION = "3.10.2";

export interface AgeKeyEntry {
  readonly recipient: string;
  /** Armored age file holding the data key (or a Shamir share), trailing newline included. */
  readonly enc: string;
}

/** A non-age master key (pgp, kms, …): kept only to name it in errors. */
export interface OtherMasterKey {
  readonly type: string;
  readonly id: string;
}

export interface SopsKeyGroup {
  readonly age: readonly AgeKeyEntry[];
  readonly others: readonly OtherMasterKey[];
}

export interface SopsMetadata {
  /** One group for normal files; several when the data key is split with Shamir. */
  readonly keyGroups: readonly SopsKeyGroup[];
  readonly shamirThreshold: number | undefined;
  /** `lastmodified` as stored in the file. */
  readonly lastModified: string;
  /** `mac` as stored: ENC[…] or "". */
  readonly mac: string;
  readonly selector: SopsSelector;
  /** True when the file named no selector and sops' default (`_unencrypted` suffix) applies. */
  readonly selectorDefaulted: boolean;
  readonly macOnlyEncrypted: boolean;
  readonly version: string;
}

const OTHER_KEY_TYPES: Record<string, (key: Record<string, unknown>) => string> = {
  pgp: (k) => String(k.fp ?? ""),
  kms: (k) => String(k.arn ?? ""),
  gcp_kms: (k) => String(k.resource_id ?? ""),
  azure_kv: (k) => `${k.vault_url ?? ""}/keys/${k.name ?? ""}/${k.version ?? ""}`,
  hc_vault: (k) => `${k.vault_address ?? ""}/v1/${k.engine_path ?? ""}/keys/${k.key_name ?? ""}`,
  hckms: (k) => String(k.key_id ?? ""),
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function list(value: unknown, field: string): Record<string, unknown>[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new SopsFormatError(`sops.${field} must be a list`);
  return value.map((item, i) => {
    if (!isRecord(item)) throw new SopsFormatError(`sops.${field}[${i}] must be a mapping`);
    return item;
  });
}

function text(value: unknown, field: string): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (value instanceof Date) return formatRfc3339(goTimeFromDate(value));
  if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean") return String(value);
  throw new SopsFormatError(`sops.${field} must be a string`);
}

function groupFrom(source: Record<string, unknown>, where: string): SopsKeyGroup {
  const age = list(source.age, `${where}age`).map((entry, i) => {
    const recipient = text(entry.recipient, `${where}age[${i}].recipient`);
    const enc = text(entry.enc, `${where}age[${i}].enc`);
    return { recipient, enc };
  });
  const others: OtherMasterKey[] = [];
  for (const [type, idOf] of Object.entries(OTHER_KEY_TYPES)) {
    for (const entry of list(source[type], `${where}${type}`)) others.push({ type, id: idOf(entry) });
  }
  return { age, others };
}

function keyCount(group: SopsKeyGroup): number {
  return group.age.length + group.others.length;
}

/** Reads the `sops` value of a parsed file. Throws SopsFormatError like sops' loader would. */
export function readMetadata(value: unknown): SopsMetadata {
  if (!isRecord(value)) throw new SopsFormatError("sops metadata not found (no top-level `sops` mapping)");
  const topGroup = groupFrom(value, "");
  let keyGroups: SopsKeyGroup[];
  if (keyCount(topGroup) > 0) keyGroups = [topGroup];
  else keyGroups = list(value.key_groups, "key_groups").map((g, i) => groupFrom(g, `key_groups[${i}].`));
  if (keyGroups.length === 0 || keyGroups.every((g) => keyCount(g) === 0)) {
    throw new SopsFormatError("no keys found in the file's sops metadata");
  }

  const selectors = SELECTOR_KINDS.flatMap((kind) => {
    const v = text(value[kind], kind);
    return v === "" ? [] : [{ kind, value: v }];
  });
  if (selectors.length > 1) {
    throw new SopsFormatError(`cannot use more than one of ${selectors.map((s) => s.kind).join(", ")} in the same file`);
  }

  const lastModified = text(value.lastmodified, "lastmodified");
  if (parseRfc3339(lastModified) === undefined) {
    throw new SopsFormatError("sops.lastmodified is not an RFC 3339 timestamp");
  }

  const rawThreshold = value.shamir_threshold;
  const shamirThreshold =
    rawThreshold === undefined || rawThreshold === null || rawThreshold === "" ? undefined : Number(rawThreshold);
  if (shamirThreshold !== undefined && !Number.isInteger(shamirThreshold)) {
    throw new SopsFormatError("sops.shamir_threshold is not an integer");
  }
  const macOnly = value.mac_only_encrypted;

  return {
    keyGroups,
    shamirThreshold,
    lastModified,
    mac: text(value.mac, "mac"),
    selector: selectors[0] ?? DEFAULT_SELECTOR,
    selectorDefaulted: selectors.length === 0,
    macOnlyEncrypted: macOnly === true || macOnly === "true",
    version: text(value.version, "version"),
  };
}

/** The AAD of the MAC: `lastmodified` parsed and printed again as Go's time.RFC3339. */
export function lastModifiedAad(metadata: SopsMetadata): string {
  const parsed = parseRfc3339(metadata.lastModified);
  if (!parsed) throw new SopsFormatError("sops.lastmodified is not an RFC 3339 timestamp");
  return formatRfc3339(parsed);
}

/** Recipients and other key ids the file is encrypted for, for error messages. */
export function describeRecipients(metadata: SopsMetadata): string[] {
  return metadata.keyGroups.flatMap((g) => [
    ...g.age.map((a) => a.recipient),
    ...g.others.map((o) => `${o.type}:${o.id}`),
  ]);
}

export interface OutputMetadata {
  /** Each group's age keys; one group is written as the top-level `age` list. */
  readonly keyGroups: readonly (readonly AgeKeyEntry[])[];
  /** Written only with several groups (sops writes it there, default = the number of groups). */
  readonly shamirThreshold?: number;
  readonly lastModified: string;
  readonly mac: string;
  readonly selector: SopsSelector;
  readonly macOnlyEncrypted: boolean;
  readonly version?: string;
}

const pair = (key: string, value: SopsPair["value"]): SopsPair => ({ kind: "pair", key, value });

function ageList(entries: readonly AgeKeyEntry[]): SopsPair {
  return pair("age", {
    kind: "seq",
    items: entries.map((a) => ({ kind: "map", items: [pair("recipient", str(a.recipient)), pair("enc", str(a.enc))] })),
  });
}

/**
 * The `sops:` mapping in sops 3.10–3.12 order (stores.Metadata's struct order, empty fields
 * omitted): [shamir_threshold, key_groups], [age], lastmodified, mac, selector,
 * [mac_only_encrypted], version. One group goes to the top-level `age` list; several go to
 * `key_groups`, each a mapping whose only non-empty field is `age` (stores.MetadataFromInternal).
 * Each age item is recipient, enc.
 */
export function metadataMapping(meta: OutputMetadata): SopsMapping {
  if (meta.keyGroups.length === 0) throw new SopsFormatError("the metadata needs at least one key group");
  const items: SopsPair[] = [];
  if (meta.keyGroups.length === 1) {
    items.push(ageList(meta.keyGroups[0]!));
  } else {
    items.push(pair("shamir_threshold", { kind: "int", value: BigInt(meta.shamirThreshold ?? meta.keyGroups.length) }));
    items.push(pair("key_groups", { kind: "seq", items: meta.keyGroups.map((g) => ({ kind: "map", items: [ageList(g)] })) }));
  }
  items.push(pair("lastmodified", str(meta.lastModified)), pair("mac", str(meta.mac)), pair(meta.selector.kind, str(meta.selector.value)));
  if (meta.macOnlyEncrypted) items.push(pair("mac_only_encrypted", { kind: "bool", value: true }));
  items.push(pair("version", str(meta.version ?? SOPS_FORMAT_VERSION)));
  return { kind: "map", items };
}
