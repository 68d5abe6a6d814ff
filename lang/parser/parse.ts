import type { CstNode, IToken } from "chevrotain";
import type * as ast from "../syntax/ast.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { LineIndex, type Span } from "../diagnostics/span.js";
import { Reporter } from "../diagnostics/reporter.js";
import { tokenize } from "../lexer/lexer.js";
import { grammar, type LabParser, MAX_RECOVERIES, MAX_RECOVERY_SCAN, MAX_SYNTAX_ERRORS } from "./grammar.js";
import { AstBuilder } from "./build-ast.js";
import { limitNesting } from "./nesting.js";
import { unmatchedCloser } from "./messages.js";
import { replacedByUnclosed, reportUnclosed, stopOffset } from "./unclosed.js";

export interface ParseResult {
  readonly ast: ast.SourceFile;
  /** Lexing and parsing diagnostics (LAB0xxx); the tree is still usable when there are some. */
  readonly diagnostics: readonly Diagnostic[];
  readonly lines: LineIndex;
}

/** Parses one file. Never throws: bad input yields diagnostics and a partial tree. */
export function parse(text: string, file: string): ParseResult {
  const lines = new LineIndex(text);
  const reporter = new Reporter();
  const lexed = tokenize(text);

  for (const error of lexed.errors) {
    const span = lines.span(file, error.offset, error.offset + Math.max(1, error.length));
    const shown = error.text.length > 20 ? `${error.text.slice(0, 17)}...` : error.text;
    reporter.report("unexpectedCharacter", span, `unexpected character${error.text.length > 1 ? "s" : ""} '${shown}'`);
  }

  for (const c of lexed.comments) {
    if (c.image.startsWith("/*") && (c.image.length < 4 || !c.image.endsWith("*/"))) {
      reporter.report("syntax", lines.span(file, c.startOffset, c.startOffset + 2), "this /* comment has no closing */", {
        fix: { message: "add the closing */", edits: [{ span: lines.span(file, text.length, text.length), newText: "*/" }] },
      });
    }
  }

  const { parser, cst } = runParser(lexed.tokens, lines, file, reporter);
  // Past the error budget the parser skips to the end, closing every open block there: those
  // braces are not known to be missing, only unread.
  const unclosed = parser.stoppedAt === undefined ? parser.unclosed : parser.unclosed.filter((b) => Number.isFinite(b.next.startOffset));
  let lastEnd = 0;
  const reported = new Set<number>(reporter.diagnostics.map((d) => d.span.start.offset));
  const otherErrorsAt = new Set<number>();
  for (const error of parser.errors) {
    if (replacedByUnclosed(error, unclosed, text)) continue;
    otherErrorsAt.add(stopOffset(error.token, text));
    const span = errorSpan(error.token, lexed.tokens, lines, file, text);
    // chevrotain may report the same spot twice while it resynchronises; once is enough.
    if (span.start.offset < lastEnd && reported.has(span.start.offset)) continue;
    lastEnd = span.end.offset;
    reported.add(span.start.offset);
    // A stray closer at the top level: removing it is the one edit that makes the rest parse as written.
    const stray = error.message === unmatchedCloser(error.token.image) && Number.isFinite(error.token.startOffset);
    reporter.report("syntax", span, error.message, stray ? { fix: { message: `remove this '${error.token.image}'`, edits: [{ span, newText: "" }] } } : {});
  }

  if (parser.stoppedAt !== undefined) {
    const at = parser.stoppedAt < 0 ? text.length : parser.stoppedAt;
    reporter.report("syntax", lines.span(file, at, at), `more than ${MAX_SYNTAX_ERRORS} syntax errors: labc stopped reading this file here`);
  }

  const builder = new AstBuilder(file, text, reporter, lines);
  const comments: ast.Comment[] = lexed.comments.map((c) => ({ kind: "Comment", text: c.image, span: builder.tokenSpan(c) }));
  const tree = builder.sourceFile(cst, comments);
  reportUnclosed(unclosed, tree, lexed.tokens, lexed.comments, lines, reporter, otherErrorsAt);
  return { ast: tree, diagnostics: reporter.diagnostics, lines };
}

/** Runs the grammar over tokens with fresh budgets; `lines` places what it reports. */
export function runParser(tokens: IToken[], lines: LineIndex, file: string, reporter: Reporter): { parser: LabParser; cst: CstNode } {
  const parser = grammar();
  // The parser, the tree builder and every walker after them recurse once per bracket level.
  parser.input = limitNesting(tokens, (token, max) => {
    reporter.report("nestingTooDeep", lines.span(file, token.startOffset, (token.endOffset ?? token.startOffset) + 1), `brackets, braces and parentheses nest at most ${max} deep; this one opens level ${max + 1} (what it holds is skipped)`);
  });
  parser.recoveryBudget = MAX_RECOVERIES;
  parser.scanBudget = MAX_RECOVERY_SCAN;
  parser.errorBudget = MAX_SYNTAX_ERRORS;
  parser.stoppedAt = undefined;
  parser.unclosed = [];
  return { parser, cst: parser.file() };
}

function errorSpan(token: IToken, all: IToken[], lines: LineIndex, file: string, text: string): Span {
  if (Number.isFinite(token.startOffset)) return lines.span(file, token.startOffset, (token.endOffset ?? token.startOffset) + 1);
  // At end of input chevrotain's token has no position: point just after the last real token.
  const last = all[all.length - 1];
  const end = last ? (last.endOffset ?? last.startOffset) + 1 : text.length;
  return lines.span(file, end, end);
}
