import type * as ast from "../../../lang/syntax/ast.js";
import type { Reporter } from "../../../lang/diagnostics/reporter.js";
import type { Span } from "../../../lang/diagnostics/span.js";
import type { Located } from "./located.js";
import { readString, wrongType } from "./read-literal.js";

/**
 * `recipients` as written: a flat list of age recipients (one key group: any one key opens every
 * file) or a list of lists (key groups: sops splits the data key so that keys from
 * `shamir-threshold` groups are needed together).
 */
export interface RecipientsValue {
  /** True when written as a list of lists. */
  readonly grouped: boolean;
  /** One entry per group (a flat list is one group spanning the list); empty groups are kept for the checker. */
  readonly groups: readonly RecipientGroupValue[];
}

export interface RecipientGroupValue {
  /** The recipients that read as strings. */
  readonly recipients: readonly Located<string>[];
  readonly span: Span;
  /** Items written, read or not: `[]` has none, while a list of rejected items was already reported. */
  readonly written: number;
}

export const RECIPIENTS_TYPE = 'a list of age recipients ["age1…", …] or of key groups [["age1…", …], ["age1…"]]';

function readGroup(list: ast.List, r: Reporter): RecipientGroupValue {
  const out: Located<string>[] = [];
  for (const item of list.items) {
    if (item.kind === "List") {
      r.report("typeMismatch", item.span, "key groups do not nest: each group is a list of age recipients");
      continue;
    }
    const s = readString(item, r);
    if (s !== undefined) out.push({ value: s, span: item.span });
  }
  return { recipients: out, span: list.span, written: list.items.length };
}

export function readRecipients(value: ast.Value, r: Reporter): RecipientsValue | undefined {
  if (value.kind !== "List") {
    if (value.kind === "Missing") return wrongType(value, RECIPIENTS_TYPE, r);
    r.report("typeMismatch", value.span, `expected ${RECIPIENTS_TYPE}; put the value in brackets`, {
      fix: { message: "wrap in [ ]", edits: [{ span: { ...value.span, end: value.span.start }, newText: "[" }, { span: { ...value.span, start: value.span.end }, newText: "]" }] },
    });
    return undefined;
  }
  const lists = value.items.filter((i): i is ast.List => i.kind === "List");
  if (lists.length === 0) return { grouped: false, groups: [readGroup(value, r)] };
  const strays = value.items.filter((i) => i.kind !== "List");
  if (strays.length > 0) {
    // A recipient beside groups belongs to no group: say which form to pick rather than guess.
    for (const stray of strays) {
      r.report("typeMismatch", stray.span, "recipients mixes single recipients and key groups; write either a flat list [\"age1…\", …] or only groups [[\"age1…\"], [\"age1…\"]]", {
        fix: { message: "make it a group of its own", edits: [{ span: { ...stray.span, end: stray.span.start }, newText: "[" }, { span: { ...stray.span, start: stray.span.end }, newText: "]" }] },
      });
    }
    return undefined;
  }
  return { grouped: true, groups: lists.map((list) => readGroup(list, r)) };
}
