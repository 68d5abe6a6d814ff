// Who a file is encrypted to, as sops models it: one key group (every key wraps the whole data
// key, any one opens the file) or several, where the data key is split with Shamir so that keys
// from `threshold` different groups are needed. Callers give either a flat `recipients` list or
// `keyGroups` (+ `shamirThreshold`); both are normalised here to one shape.
import { SopsInputError } from "../errors.js";
import type { SopsKeyGroup } from "./metadata.js";

export interface RecipientOptions {
  /** age recipients (age1…, age1pq1…) of a single key group; each wraps the whole data key. */
  readonly recipients?: readonly string[];
  /**
   * Key groups of age recipients. One group is the same as `recipients`; with several, the data key
   * is split with Shamir (one share per group, wrapped for every key of its group).
   */
  readonly keyGroups?: readonly (readonly string[])[];
  /** Groups needed to rebuild the data key when there are several: 2 … groups, default all. */
  readonly shamirThreshold?: number;
}

export interface RecipientGroups {
  /** Trimmed, duplicate-free within each group, never empty. */
  readonly groups: readonly (readonly string[])[];
  /** 1 for a single group; otherwise 2 … groups.length. */
  readonly threshold: number;
}

function normalizeGroup(raw: readonly string[], where: string): string[] {
  const out: string[] = [];
  for (const r of raw) {
    if (typeof r !== "string") throw new SopsInputError("recipients must be strings");
    const trimmed = r.trim();
    // sops removes duplicate master keys inside a group (deduplicateKeygroup).
    if (trimmed !== "" && !out.includes(trimmed)) out.push(trimmed);
  }
  if (out.length === 0) throw new SopsInputError(`${where} has no age recipient`);
  return out;
}

/** Validates and normalises the caller's recipients; throws SopsInputError on nonsense. */
export function recipientGroupsOf(options: RecipientOptions): RecipientGroups {
  const hasFlat = options.recipients !== undefined;
  const hasGroups = options.keyGroups !== undefined;
  if (hasFlat && hasGroups) throw new SopsInputError("give either recipients or keyGroups, not both");
  if (!hasFlat && !hasGroups) throw new SopsInputError("at least one age recipient is required");
  if (hasFlat) {
    const group = normalizeGroup(options.recipients!, "the recipient list");
    if (options.shamirThreshold !== undefined && options.shamirThreshold !== 1) {
      throw new SopsInputError("a Shamir threshold needs several key groups; a flat recipient list is one group");
    }
    return { groups: [group], threshold: 1 };
  }
  const groups = options.keyGroups!.map((g, i) => normalizeGroup(g, `key group ${i + 1}`));
  if (groups.length === 0) throw new SopsInputError("at least one key group is required");
  if (groups.length > 255) throw new SopsInputError("sops' Shamir splitting allows at most 255 key groups");
  const threshold = options.shamirThreshold ?? groups.length;
  if (groups.length === 1) {
    if (threshold !== 1) throw new SopsInputError(`a Shamir threshold of ${threshold} needs that many key groups; there is 1`);
    return { groups, threshold: 1 };
  }
  // sops (HashiCorp's shamir.Split) refuses a threshold below 2; "any one group" is a flat list.
  if (!Number.isInteger(threshold) || threshold < 2 || threshold > groups.length) {
    throw new SopsInputError(`the Shamir threshold must be a whole number from 2 to ${groups.length} (the number of key groups), not ${threshold}`);
  }
  return { groups, threshold };
}

/** Every recipient once, in group order (for messages and for finding a usable identity). */
export function allRecipients(groups: RecipientGroups): string[] {
  return [...new Set(groups.groups.flat())];
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const x = new Set(a);
  const y = new Set(b);
  return x.size === y.size && [...x].every((v) => y.has(v));
}

/**
 * Same access structure: the same threshold and the same groups, compared as a set of sets
 * (sops' group order and key order carry no meaning, so reordering never rotates a file).
 */
export function sameRecipientGroups(a: RecipientGroups, b: RecipientGroups): boolean {
  if (a.threshold !== b.threshold || a.groups.length !== b.groups.length) return false;
  const unused = [...b.groups];
  for (const group of a.groups) {
    const i = unused.findIndex((other) => sameSet(group, other));
    if (i < 0) return false;
    unused.splice(i, 1);
  }
  return true;
}

/**
 * The recipient groups of a file's metadata, or undefined when a group holds a non-age master
 * key (pgp, kms, …), which labc cannot write back. A file without `shamir_threshold` needs every
 * group, as sops' encrypter would have written it.
 */
export function fileRecipientGroups(keyGroups: readonly SopsKeyGroup[], shamirThreshold: number | undefined): RecipientGroups | undefined {
  if (keyGroups.some((g) => g.others.length > 0 || g.age.length === 0)) return undefined;
  const groups = keyGroups.map((g) => [...new Set(g.age.map((a) => a.recipient))]);
  return { groups, threshold: groups.length === 1 ? 1 : shamirThreshold || groups.length };
}

/** "a, b" for one group; "2 of [a, b] [c] [d]" for several (used in messages). */
export function describeRecipientGroups(groups: RecipientGroups, short: (r: string) => string = (r) => r): string {
  if (groups.groups.length === 1) return groups.groups[0]!.map(short).join(", ");
  return `${groups.threshold} of ${groups.groups.map((g) => `[${g.map(short).join(", ")}]`).join(" ")}`;
}
