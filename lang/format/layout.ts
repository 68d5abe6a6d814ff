import type * as ast from "../syntax/ast.js";
import { multiline, type SourceFacts } from "./source-facts.js";

/**
 * Layout decisions. A block, list or call is written across lines ("expanded") when the author
 * wrote it across lines or put a comment inside it, and on one line otherwise. Formatted output
 * keeps both properties, so the decision is the same on the next run: that is the idempotence
 * argument, and why nothing here looks at line width.
 */

type Bracketed = ast.Block | ast.List | ast.Call;

function children(node: Bracketed): readonly unknown[] {
  return node.kind === "Block" ? node.entries : node.kind === "List" ? node.items : node.args;
}

export function expanded(node: Bracketed, src: SourceFacts): boolean {
  const { start, end } = node.span;
  const hasComment = src.hasCommentIn(start.offset, end.offset);
  // An empty `{ }` written over two lines prints as `{}`: nothing would hold it open.
  if (children(node).length === 0 && !hasComment) return false;
  return hasComment || multiline(node.span);
}

/** The value prints on one line. */
export function flat(value: ast.Value, src: SourceFacts): boolean {
  switch (value.kind) {
    case "Block":
    case "List":
    case "Call":
      // A bracket that stays on one line holds nothing that spans lines (its span would too).
      return !expanded(value, src);
    case "Reference":
      return true;
    default:
      return !multiline(value.span);
  }
}

export interface Alignment {
  /** Spaces to add after the key so that `=` (or `{`) lines up in the run. */
  readonly pad: number;
  /** The run's id, shared by its lines; trailing comments align within one run. */
  readonly group: number | undefined;
}

/**
 * gofmt-style alignment: consecutive one-line statements (not separated by a blank line or by a
 * statement spanning lines) of one kind form a run, and their keys are padded to the longest key
 * of the run. `key = value` and `key { … }` fields make separate runs, so a short `{ … }` field
 * is not pushed far right by the `=` fields above it. Everything is positional, hence stable.
 */
export function alignRuns<T extends { readonly span: ast.Declaration["span"] }>(
  items: readonly T[],
  /** The kind of run an item joins (`=` fields, `{` fields), or undefined when it joins none. */
  runKind: (item: T) => string | undefined,
  width: (item: T) => number,
  src: SourceFacts,
  nextGroup: () => number,
): Map<T, Alignment> {
  const out = new Map<T, Alignment>();
  let run: T[] = [];
  const close = () => {
    if (run.length === 0) return;
    const longest = Math.max(...run.map(width));
    const group = nextGroup();
    for (const item of run) out.set(item, { pad: longest - width(item), group });
    run = [];
  };
  let previous: T | undefined;
  for (const item of items) {
    const last = run[run.length - 1];
    const kind = runKind(item);
    const joins = last !== undefined && last === previous && runKind(last) === kind && !src.blankOutsideComments(last.span.end.offset, item.span.start.offset);
    if (kind === undefined) close();
    else {
      if (!joins) close();
      run.push(item);
    }
    previous = item;
  }
  close();
  return out;
}
