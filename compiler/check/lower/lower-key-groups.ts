import type { Reporter } from "../../../lang/diagnostics/reporter.js";
import type { Fields } from "../fields/read-block.js";
import type { Located } from "../fields/located.js";
import type { RecipientsValue } from "../fields/read-recipients.js";

/** The cluster's `recipients` and `shamir-threshold` after reading and checking. */
export interface LoweredKeyGroups {
  /** Every recipient as written, all groups flattened (the age1… format is checked on these). */
  readonly recipients: readonly Located<string>[];
  /** The key groups; a flat list is one group. */
  readonly keyGroups: readonly (readonly Located<string>[])[];
  readonly shamirThreshold?: Located<number>;
}

/** Who SOPS files are encrypted to, as the model and the secrets layer take it. */
export interface KeyGroupsModel {
  /** One group for a flat list (and for shamir-threshold = 1, which sops writes as one group). */
  readonly keyGroups: readonly (readonly string[])[];
  /** Groups whose keys are needed together: 1 for one group, else 2 … groups. */
  readonly shamirThreshold: number;
}

function short(recipient: string): string {
  return recipient.length > 20 ? `${recipient.slice(0, 12)}…${recipient.slice(-6)}` : recipient;
}

/**
 * Reads `recipients` (flat or key groups) and `shamir-threshold`, and checks them: a threshold
 * between 1 and the number of groups (LAB4008), no empty group (LAB4009), an empty list
 * (LAB4005), and a recipient listed in two groups (LAB4010, a warning: its key alone would
 * count as two of the groups the threshold asks for).
 */
export function lowerKeyGroups(fields: Fields, reporter: Reporter): LoweredKeyGroups {
  const written = fields.get("recipients") as Located<RecipientsValue> | undefined;
  const threshold = fields.get("shamir-threshold") as Located<number> | undefined;
  const groups = written?.value.groups ?? [];
  const grouped = written?.value.grouped ?? false;

  let empty = false;
  if (!grouped && groups[0] && groups[0].written === 0) {
    reporter.report("noRecipients", groups[0].span, "recipients is empty: add at least one age public key (age1…); without one no secret can be encrypted");
    empty = true;
  }
  if (grouped) {
    groups.forEach((g, i) => {
      if (g.written > 0) return;
      reporter.report("emptyKeyGroup", g.span, `key group ${i + 1} has no recipient: every group needs at least one age key to hold its share of the data key`);
      empty = true;
    });
    const firstGroup = new Map<string, number>();
    groups.forEach((g, i) => {
      // A key repeated inside one group is harmless (sops drops the copy); across groups it is not.
      for (const r of new Map(g.recipients.map((x) => [x.value, x])).values()) {
        const earlier = firstGroup.get(r.value);
        if (earlier === undefined) firstGroup.set(r.value, i);
        else reporter.report("recipientInTwoGroups", r.span, `'${short(r.value)}' is in key groups ${earlier + 1} and ${i + 1}: its key alone opens both groups' shares, so it counts twice towards shamir-threshold`);
      }
    });
  }
  if (threshold && written && !empty && (threshold.value < 1 || threshold.value > groups.length)) {
    const n = groups.length;
    const why =
      threshold.value < 1
        ? "it counts the key groups whose keys are needed together"
        : grouped
          ? `recipients has ${n} key group${n === 1 ? "" : "s"}`
          : "recipients is a flat list, which is one key group; write it as a list of lists to split the data key";
    reporter.report("keyGroupThreshold", threshold.span, `shamir-threshold must be between 1 and ${n}, not ${threshold.value}: ${why}`);
  }
  return {
    recipients: groups.flatMap((g) => g.recipients),
    keyGroups: groups.map((g) => g.recipients),
    ...(threshold ? { shamirThreshold: threshold } : {}),
  };
}

/**
 * The model's key groups: recipients deduplicated within each group, the threshold defaulting to
 * every group. A threshold of 1 means any one key opens the files, which is one flat group for
 * sops (whose Shamir split needs at least 2).
 */
export function keyGroupsModel(lowered: LoweredKeyGroups): KeyGroupsModel {
  const groups = lowered.keyGroups.map((g) => [...new Set(g.map((x) => x.value))]).filter((g) => g.length > 0);
  const threshold = lowered.shamirThreshold?.value ?? groups.length;
  if (groups.length === 0) return { keyGroups: [], shamirThreshold: 1 };
  if (groups.length === 1 || threshold <= 1) return { keyGroups: [[...new Set(groups.flat())]], shamirThreshold: 1 };
  return { keyGroups: groups, shamirThreshold: Math.min(threshold, groups.length) };
}
