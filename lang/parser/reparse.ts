import type * as ast from "../syntax/ast.js";
import { LineIndex, type Position, type Span } from "../diagnostics/span.js";
import { Reporter } from "../diagnostics/reporter.js";
import { tokenize } from "../lexer/lexer.js";
import { AstBuilder } from "./build-ast.js";
import { runParser, type ParseResult } from "./parse.js";

/**
 * The parse of `text`, an edit of the text `previous` was parsed from, re-reading only the one
 * top-level declaration the edit lies in; undefined when that cannot be known to give exactly
 * what `parse(text, file)` gives (the caller then parses the whole file).
 *
 * It is known when the previous text parsed without a diagnostic, the edit lies between the
 * `{` and the `}` of one declaration's body, that declaration starts a line and its `}` ends
 * one, and the edited declaration again reads without a diagnostic as one declaration spanning
 * the same place. Then the tokens before and after it are the same (a token never crosses the
 * line break before the declaration or the `}` after it), the grammar looks at most three
 * tokens ahead (from the text before the `{` only into the unchanged header; from the `}`
 * nothing follows in a declaration), and what follows the `}` moves by whole lines, so its
 * trees are the previous ones with offsets and line numbers moved.
 */
export function reparse(previous: ParseResult, text: string, file: string): ParseResult | undefined {
  const old = previous.ast;
  if (previous.diagnostics.length > 0 || old.file !== file) return undefined;
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
  if (old.imports.some((i) => i.span.start.offset >= from && i.span.start.offset < to)) return undefined;

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
  const move = <T>(nodes: readonly T[], at: (n: T) => number): T[] => nodes.map((n) => (at(n) >= to ? shift(n, delta, lineDelta) : n));
  const kept = (c: ast.Comment) => c.span.start.offset < from || c.span.start.offset >= to;
  return {
    ast: {
      kind: "SourceFile",
      file,
      text,
      imports: move(old.imports, (i) => i.span.start.offset),
      declarations: [...old.declarations.slice(0, index), declaration, ...move(old.declarations.slice(index + 1), (d) => d.span.start.offset)],
      comments: [...old.comments.filter((c) => kept(c) && c.span.start.offset < from), ...comments, ...move(old.comments.filter((c) => kept(c) && c.span.start.offset >= to), (c) => c.span.start.offset)],
      span: lines.span(file, 0, text.length),
    },
    diagnostics: [],
    lines,
  };
}

/** A copy of a syntax node whose every span lies `offsets` later and `lines` lines further down, columns unchanged. */
function shift<T>(node: T, offsets: number, lines: number): T {
  const at = (p: Position): Position => ({ line: p.line + lines, column: p.column, offset: p.offset + offsets });
  const copy = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(copy);
    if (value === null || typeof value !== "object") return value;
    const out: Record<string, unknown> = {};
    for (const key in value) {
      const v = (value as Record<string, unknown>)[key];
      if (key === "span") {
        const s = v as Span;
        out[key] = { file: s.file, start: at(s.start), end: at(s.end) };
      } else out[key] = typeof v === "object" ? copy(v) : v;
    }
    return out;
  };
  return copy(node) as T;
}
