import { existsSync, readFileSync } from "node:fs";
import { readProjectFile } from "../files/read-project-file.js";
import { parse as parseYaml } from "yaml";
import { describeRecipientGroups, fileRecipientGroups, inspectSops, sameRecipientGroups, type RecipientGroups } from "../secrets/sops/index.js";
import { MAX_FILE_BYTES, MAX_SOPS_BYTES, readInput } from "../files/read-input.js";
import { ParsedMemo } from "../files/parsed-memo.js";

export interface DriftedFile {
  /** As shown to the user. */
  readonly display: string;
  /** Who can open it today (age recipients and other master keys as `type:id`). */
  readonly recipients: readonly string[];
  /** Its age key groups and threshold, when it has only age keys. */
  readonly groups?: RecipientGroups;
}

/**
 * SOPS files whose key slots differ from the configured recipients and key groups, read from
 * metadata alone (no private key needed). Groups compare as sets, so reordering is no drift.
 * Files that are missing or not SOPS are skipped: other checks own them.
 */
export function findRecipientDrift(files: readonly { path: string; display: string }[], wanted: RecipientGroups, memo: ParsedMemo = ParsedMemo.none()): DriftedFile[] {
  const drifted: DriftedFile[] = [];
  for (const file of files) {
    // Regular files only: a FIFO would block the read, and the build reports what else is there.
    const read = readProjectFile(file.path);
    if (read.kind !== "file") continue;
    const info = memo.get("sops-recipients", read.text, sopsRecipients);
    if (!info) continue;
    const groups = info.groups ?? undefined;
    if (!groups || !sameRecipientGroups(groups, wanted)) drifted.push({ display: file.display, recipients: info.recipients, ...(groups ? { groups } : {}) });
  }
  return drifted;
}

/** Who can open a SOPS file, from its metadata; undefined when it is not one. */
function sopsRecipients(text: string): { recipients: string[]; groups: RecipientGroups | null } | undefined {
  try {
    const info = inspectSops(text, "yaml");
    return { recipients: [...info.recipients], groups: fileRecipientGroups(info.metadata.keyGroups, info.metadata.shamirThreshold) ?? null };
  } catch {
    return undefined;
  }
}

function ageList(value: unknown): string[] {
  if (typeof value === "string") return value.split(",").map((s) => s.trim()).filter((s) => s !== "");
  if (Array.isArray(value)) return value.flatMap(ageList);
  return [];
}

/** A key group's age keys, `merge:`d groups included (sops flattens them into the group). */
function groupAge(group: unknown): string[] {
  if (typeof group !== "object" || group === null) return [];
  const g = group as { age?: unknown; merge?: unknown };
  return [...ageList(g.age), ...(Array.isArray(g.merge) ? g.merge.flatMap(groupAge) : [])];
}

/** One `.sops.yaml` creation rule's age keys, as key groups (a flat `age:` list is one group). */
export interface AgeCreationRule {
  readonly pathRegex: string | undefined;
  readonly groups: RecipientGroups;
}

/**
 * The creation rules of a `.sops.yaml` that name age keys; undefined when there is no such file
 * or it is not YAML. Rules without any age key (pgp, kms, …) belong to something else.
 */
export function readAgeCreationRules(path: string, memo: ParsedMemo = ParsedMemo.none()): AgeCreationRule[] | undefined {
  if (!existsSync(path)) return undefined;
  let text: string;
  try {
    text = readInput(path, { maxBytes: MAX_FILE_BYTES });
  } catch {
    return undefined;
  }
  return memo.get("sops-rules", text, ageCreationRules);
}

function ageCreationRules(text: string): AgeCreationRule[] | undefined {
  let config: unknown;
  try {
    config = parseYaml(text);
  } catch {
    return undefined;
  }
  const rules = (config as { creation_rules?: unknown } | null)?.creation_rules;
  if (!Array.isArray(rules)) return undefined;
  const out: AgeCreationRule[] = [];
  for (const rule of rules as Record<string, unknown>[]) {
    // key_groups, when present, replaces the rule's top-level key fields.
    const ageGroups = Array.isArray(rule?.key_groups) ? rule.key_groups.map(groupAge) : [ageList(rule?.age)];
    if (ageGroups.every((g) => g.length === 0)) continue;
    const groups = ageGroups.map((g) => [...new Set(g)]);
    const threshold = groups.length === 1 ? 1 : Number(rule.shamir_threshold) || groups.length;
    out.push({ pathRegex: typeof rule.path_regex === "string" ? rule.path_regex : undefined, groups: { groups, threshold } });
  }
  return out;
}

/**
 * A `.sops.yaml` whose creation rules name other age recipients or key groups than the cluster:
 * plain `sops` would then create (and `sops updatekeys` re-key) files for the wrong people.
 */
export function sopsConfigDrift(path: string, display: string, wanted: RecipientGroups, alsoWanted: RecipientGroups = wanted, memo?: ParsedMemo): DriftedFile | undefined {
  for (const { groups: found } of readAgeCreationRules(path, memo) ?? []) {
    if (found.groups.some((g) => g.length === 0) || !(sameRecipientGroups(found, wanted) || sameRecipientGroups(found, alsoWanted))) return { display, recipients: found.groups.flat(), groups: found };
  }
  return undefined;
}

/** "age1a…, age1b…" for one group, "2 of [a] [b, c]" for several. */
export function describeDrifted(file: DriftedFile, short: (r: string) => string): string {
  if (file.groups) return describeRecipientGroups(file.groups, short);
  return file.recipients.map(short).join(", ") || "no recipients";
}
