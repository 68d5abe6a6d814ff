import type * as ast from "../syntax/ast.js";
import { LineIndex, type Position, type Span } from "../diagnostics/span.js";
import { Reporter } from "../diagnostics/reporter.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { tokenize } from "../lexer/lexer.js";
import { AstBuilder } from "./build-ast.js";
import { runParser, type ParseResult } from "./parse.js";

/**
 * The parse of `text`, an edit of the text `previous` was parsed from, re-reading only the one
 * top-level declaration the edit lies in; undefined when that cannot be known to give exactly
 * what `parse(text, file)` gives (the caller then parses the whole file).
 *
 * It is known when the previous text parsed without a diagnostic outside the edited declaration,
 * the edit lies between the `{` and the `}` of one declaration's body, that declaration starts a
 * line and its `}` ends one, and the edited declaration now reads without a diagnostic as one
 * declaration spanning the same place. Then the tokens before and after it are the same (a token never crosses the
 * line break before the declaration or the `}` after it), the grammar looks at most three
 * tokens ahead (from the text before the `{` only into the unchanged header; from the `}`
 * nothing follows in a declaration), and what follows the `}` moves by whole lines, so its
 * trees are the previous ones with offsets and line numbers moved.
 */
export function reparse(previous: ParseResult, text: string, file: string): ParseResult | undefined {
  const old = previous.ast;
  if (old.file !== file) return undefined;
  const before = old.text;
  const delta = text.length - before.length;
  let start = 0;
  const shortest = Math.min(before.length, text.length);
  while (start < shortest && before.charCodeAt(start) === text.charCodeAt(start)) start++;
  let tail = 0;
  while (tail < shortest - start && before.charCodeAt(before.length - 1 - tail) === text.charCodeAt(text.length - 1 - tail)) tail++;
  const editEnd = before.length - tail; // the edit replaced [start, editEnd) of the previous text
  const index = old.declarations.findIndex((d) => d.body !== undefined && d.body.span.start.offset < start && editEnd < d.span.end.offset);
  const edited = old.declarations[index];
  if (!edited?.body || edited.body.span.end.offset !== edited.span.end.offset) return undefined;
  const from = edited.span.start.offset;
  const to = edited.span.end.offset;
  if (from > 0 && before.charCodeAt(from - 1) !== 10) return undefined;
  if (to < before.length && before.charCodeAt(to) !== 10 && before.charCodeAt(to) !== 13) return undefined;
  if (before.charCodeAt(to - 1) !== 125) return undefined; // a `}` the text holds, not one recovery assumed
  if (old.imports.some((i) => i.span.start.offset >= from && i.span.start.offset < to)) return undefined;
  // The previous text may have had syntax errors in the edited declaration only (typing passes
  // through such states: a value deleted before the new one is typed); its tree is discarded.
  if (!previous.diagnostics.every((d) => confinedTo(d, from, to))) return undefined;

  const lexed = tokenize(text.slice(from, to + delta));
  if (lexed.errors.length > 0 || lexed.comments.some((c) => c.image.startsWith("/*") && (c.image.length < 4 || !c.image.endsWith("*/")))) return undefined;
  for (const token of [...lexed.tokens, ...lexed.comments]) {
    token.startOffset += from;
    if (token.endOffset !== undefined) token.endOffset += from;
  }
  const lines = new LineIndex(text);
  const reporter = new Reporter();
  const { parser, cst } = runParser(lexed.tokens, lines, file, reporter);
  if (parser.errors.length > 0 || parser.stoppedAt !== undefined || parser.unclosed.length > 0) return undefined;
  const builder = new AstBuilder(file, text, reporter, lines);
  const comments: ast.Comment[] = lexed.comments.map((c) => ({ kind: "Comment", text: c.image, span: builder.tokenSpan(c) }));
  const region = builder.sourceFile(cst, comments);
  const declaration = region.declarations[0];
  if (reporter.diagnostics.length > 0 || region.imports.length > 0 || region.declarations.length !== 1 || !declaration) return undefined;
  if (declaration.span.start.offset !== from || declaration.span.end.offset !== to + delta) return undefined;

  const lineDelta = lines.position(to + delta).line - previous.lines.position(to).line;
  // Which nodes lie before and after the edited declaration is decided on the old offsets, before any of them moves.
  const after = <T extends { readonly span: Span }>(nodes: readonly T[]): T[] => nodes.filter((n) => n.span.start.offset >= to);
  const movedDeclarations = old.declarations.slice(index + 1);
  const movedComments = after(old.comments);
  const commentsBefore = old.comments.filter((c) => c.span.start.offset < from);
  moveInPlace([...after(old.imports), ...movedDeclarations, ...movedComments], delta, lineDelta);
  return {
    ast: {
      kind: "SourceFile",
      file,
      text,
      imports: [...old.imports],
      declarations: [...old.declarations.slice(0, index), declaration, ...movedDeclarations],
      comments: [...commentsBefore, ...comments, ...movedComments],
      span: lines.span(file, 0, text.length),
    },
    diagnostics: [],
    lines,
  };
}

/** Whether a diagnostic, its related places and its fixes all lie in [from, to). */
function confinedTo(d: Diagnostic, from: number, to: number): boolean {
  const inside = (span: Span) => span.start.offset >= from && span.end.offset <= to;
  const fixes = [...(d.fix ? [d.fix] : []), ...(d.alternatives ?? [])];
  return inside(d.span) && (d.related ?? []).every((r) => inside(r.span)) && fixes.every((f) => f.edits.every((e) => inside(e.span)));
}

/**
 * Moves every position in these trees `offsets` later and `lines` lines further down (columns
 * unchanged), in place: the nodes after an edit stay the same objects, so what the checker keeps
 * per syntax node (its memo, the values findings) is found again, and every span that shares
 * these positions (a diagnostic's, a lowered field's) moves with them. The previous parse result
 * is not read again once a file has a new one. The builder gives each span of a tree positions
 * of its own (a test holds it to that), so no position is moved twice.
 */
function moveInPlace(nodes: readonly object[], offsets: number, lines: number): void {
  if (offsets === 0 && lines === 0) return;
  for (const node of nodes) {
    for (const p of positionsOf(node) as readonly { line: number; offset: number }[]) {
      p.line += lines;
      p.offset += offsets;
    }
  }
}

/** Each moved tree's positions, found once: typing moves the same declarations again and again. */
const positionsByNode = new WeakMap<object, readonly Position[]>();

function positionsOf(node: object): readonly Position[] {
  let found = positionsByNode.get(node);
  if (found) return found;
  const out: Position[] = [];
  const visit = (value: object): void => {
    if (Array.isArray(value)) {
      for (const item of value) if (item !== null && typeof item === "object") visit(item);
      return;
    }
    for (const key in value) {
      const v = (value as Record<string, unknown>)[key];
      if (v === null || typeof v !== "object") continue;
      if (key === "span") out.push((v as Span).start, (v as Span).end);
      else visit(v);
    }
  };
  visit(node);
  found = out;
  positionsByNode.set(node, found);
  return found;
}
