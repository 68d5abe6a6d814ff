import type { IToken } from "chevrotain";
import type * as ast from "../syntax/ast.js";
import type { LineIndex } from "../diagnostics/span.js";
import type { Reporter } from "../diagnostics/reporter.js";
import type { RelatedInformation } from "../diagnostics/diagnostic.js";
import type { UnclosedBlock } from "./grammar.js";

/**
 * Reports the blocks the parser closed for the writer (their `}` is missing before a declaration
 * or the end of the file): once per place the parser stopped, at the outermost `{` left open
 * there, with a fix that inserts every missing `}` after the block's last line. `otherErrorsAt`
 * holds where the parser's other errors are: one at the same place (a `[` or `(` left open too)
 * means the braces alone would not mend the file, so no fix is offered.
 */
export function reportUnclosed(
  unclosed: readonly UnclosedBlock[],
  tree: ast.SourceFile,
  tokens: readonly IToken[],
  comments: readonly IToken[],
  lines: LineIndex,
  reporter: Reporter,
  otherErrorsAt: ReadonlySet<number>,
): void {
  const text = lines.text;
  // Innermost first, as the parser gave them up; one group per token it stopped before.
  const groups = new Map<number, UnclosedBlock[]>();
  for (const block of unclosed) {
    const key = stopOffset(block.next, text);
    groups.set(key, [...(groups.get(key) ?? []), block]);
  }
  for (const [stop, group] of groups) {
    const outer = group[group.length - 1]!;
    const inner = group.slice(0, -1);
    const where = stop >= text.length ? "at the end of the file" : `before line ${lines.position(stop).line}`;
    const count = group.length === 1 ? "'}'" : `${group.length} '}'`;
    const nested = inner.length === 0 ? "" : inner.length === 1 ? `, nor the '{' of ${describe(tree, inner[0]!.open.startOffset, false)} inside it` : `, nor ${inner.length} blocks inside it`;
    // A string missing its closing quote runs to the end of its line, taking any `}` there.
    const open = tokens.find((x) => x.tokenType.name === "UnterminatedString" && x.startOffset > outer.open.startOffset && x.startOffset < stop);
    if (open) {
      reporter.report("syntax", braceSpan(lines, tree.file, outer.open), `'{' of ${describe(tree, outer.open.startOffset)} is never closed: the string on line ${lines.position(open.startOffset).line} has no closing quote and may hold its '}'`);
      continue;
    }
    const at = insertionPoint(stop, tokens, comments, lines);
    const newText = group.map((b) => `\n${indentOf(lines, b.open.startOffset)}}`).join("");
    const related: RelatedInformation[] = inner.map((b) => ({ span: braceSpan(lines, tree.file, b.open), message: `'{' of ${describe(tree, b.open.startOffset)}, never closed` }));
    reporter.report("syntax", braceSpan(lines, tree.file, outer.open), `'{' of ${describe(tree, outer.open.startOffset)} is never closed${nested}; add ${count} ${where}`, {
      ...(related.length > 0 ? { related } : {}),
      ...(otherErrorsAt.has(stop) ? {} : { fix: { message: `add ${count} ${where}`, edits: [{ span: lines.span(tree.file, at, at), newText }] } }),
    });
  }
}

/** Whether a chevrotain error is the "expected '}'" that reportUnclosed replaces. */
export function replacedByUnclosed(error: { token: IToken; message: string }, unclosed: readonly UnclosedBlock[], text: string): boolean {
  if (!error.message.startsWith("expected '}'")) return false;
  const at = stopOffset(error.token, text);
  return unclosed.some((b) => stopOffset(b.next, text) === at);
}

export function stopOffset(token: IToken, text: string): number {
  return Number.isFinite(token.startOffset) ? token.startOffset : text.length;
}

function braceSpan(lines: LineIndex, file: string, open: IToken) {
  return lines.span(file, open.startOffset, open.startOffset + 1);
}

/** After the last token before `stop`, and after a `//` comment ending its line: the `}` goes on a line of its own. */
function insertionPoint(stop: number, tokens: readonly IToken[], comments: readonly IToken[], lines: LineIndex): number {
  let last: IToken | undefined;
  for (const token of tokens) {
    if (token.startOffset >= stop) break;
    last = token;
  }
  if (!last) return 0;
  let end = (last.endOffset ?? last.startOffset) + 1;
  const line = lines.position(end - 1).line;
  for (const c of comments) {
    if (c.startOffset < end || c.startOffset >= stop) continue;
    if (lines.position(c.startOffset).line !== line || c.image.startsWith("/*")) break;
    end = (c.endOffset ?? c.startOffset) + 1;
    break;
  }
  return end;
}

function indentOf(lines: LineIndex, offset: number): string {
  return /^[ \t]*/.exec(lines.lineText(lines.position(offset).line))![0];
}

/** "app 'coredns'", "'values.service' in app 'echo'", "a block in app 'echo'": what the `{` at `offset` opens. */
function describe(tree: ast.SourceFile, offset: number, withOwner = true): string {
  for (const decl of tree.declarations) {
    const owner = decl.name ? `${decl.keyword.name} '${decl.name.name}'` : decl.keyword.name;
    if (decl.body?.span.start.offset === offset) return owner;
    const blocks = [decl.body, decl.value].filter((v): v is ast.Value => v !== undefined);
    for (const value of blocks) {
      const path = keyPath(value, offset, []);
      if (!path) continue;
      const what = path.length > 0 ? `'${path.join(".")}'` : "a block";
      return withOwner ? `${what} in ${owner}` : what;
    }
  }
  return "this block";
}

/** The keys leading to the block at `offset` ([] when it sits in a list or an argument), or undefined when it is not under `value`. */
function keyPath(value: ast.Value, offset: number, keys: string[]): string[] | undefined {
  if (value.span.start.offset > offset || value.span.end.offset < offset) return undefined;
  if (value.kind === "Block") {
    if (value.span.start.offset === offset) return keys;
    for (const entry of value.entries) {
      const found = keyPath(entry.value, offset, [...keys, entry.key.name]);
      if (found) return found;
    }
  } else if (value.kind === "List") {
    for (const item of value.items) {
      const found = keyPath(item, offset, []);
      if (found) return found;
    }
  } else if (value.kind === "Call") {
    for (const arg of value.args) {
      const found = keyPath(arg.value, offset, []);
      if (found) return found;
    }
  }
  return undefined;
}
