import type { IToken } from "chevrotain";
import type { SemanticTokens, SemanticTokensLegend } from "vscode-languageserver";
import { tokenize } from "../../../lang/lexer/lexer.js";
import type { LineIndex, Span } from "../../../lang/diagnostics/span.js";
import type * as ast from "../../../lang/syntax/ast.js";
import type { ParsedFile } from "../workspace/parsed-file.js";
import type { Analysis } from "../workspace/analysis.js";

/**
 * Highlighting for clients without the TextMate grammar (Neovim 0.9+, Helix): the tree says
 * what a name is (declaration, key, reference, enum value, call), the tokens say the rest
 * (comments, strings, literals, `=`, the contextual keywords), so a file that does not parse
 * still gets its comments and strings coloured.
 */

const TYPES = ["keyword", "type", "variable", "property", "string", "number", "comment", "operator", "function", "namespace", "enumMember"] as const;
const MODIFIERS = ["declaration", "defaultLibrary"] as const;
type TokenType = (typeof TYPES)[number];
type Modifier = (typeof MODIFIERS)[number];

export const semanticTokensLegend: SemanticTokensLegend = { tokenTypes: [...TYPES], tokenModifiers: [...MODIFIERS] };

interface Classified {
  readonly type: TokenType;
  readonly modifiers: readonly Modifier[];
  readonly end: number;
}

const LITERALS = new Set(["Mac", "IPv6", "Cidr4", "IPv4", "Version", "Duration", "Quantity", "Number"]);
const STRINGS = new Set(["String", "TripleString", "UnterminatedString"]);
const CONTEXTUAL_KEYWORDS = new Set(["Import", "In", "From"]);

/**
 * A bare name in a value is a reference when the file's program (or, without an analysis, the
 * file) declares it, an enum value (`worker`, `active-backup`) otherwise.
 */
export function semanticTokens(file: ParsedFile, analysis: Analysis | undefined): SemanticTokens {
  const declared = new Set(analysis?.index.declarations.map((d) => d.name));
  for (const d of file.ast.declarations) if (d.name) declared.add(d.name.name);
  const byStart = classifyTree(file.ast, declared);
  const lexed = tokenize(file.text);
  const all: IToken[] = [...lexed.tokens, ...lexed.comments].sort((a, b) => a.startOffset - b.startOffset);
  const spans: { start: number; end: number; type: TokenType; modifiers: readonly Modifier[] }[] = [];
  for (const t of all) {
    const start = t.startOffset;
    const end = (t.endOffset ?? start) + 1;
    const fromTree = byStart.get(start);
    if (fromTree) spans.push({ start, end: fromTree.end, type: fromTree.type, modifiers: fromTree.modifiers });
    else {
      const type = tokenClass(t.tokenType.name);
      if (type) spans.push({ start, end, type, modifiers: [] });
    }
  }
  return { data: encode(spans, file.lines, file.text) };
}

function tokenClass(name: string): TokenType | undefined {
  if (name === "LineComment" || name === "BlockComment") return "comment";
  if (STRINGS.has(name)) return "string";
  if (LITERALS.has(name)) return "number";
  if (name === "Equals") return "operator";
  if (CONTEXTUAL_KEYWORDS.has(name)) return "keyword";
  return undefined;
}

function classifyTree(file: ast.SourceFile, declared: ReadonlySet<string>): Map<number, Classified> {
  const out = new Map<number, Classified>();
  const mark = (span: Span, type: TokenType, modifiers: readonly Modifier[] = []) => out.set(span.start.offset, { type, modifiers, end: span.end.offset });
  const path = (ref: ast.Reference, last: TokenType) => {
    const std = ref.path[0]?.name === "std" && ref.path.length > 1;
    ref.path.forEach((id, i) => {
      const isLast = i === ref.path.length - 1;
      mark(id.span, isLast ? last : "namespace", std ? ["defaultLibrary"] : []);
    });
  };
  const value = (v: ast.Value): void => {
    switch (v.kind) {
      case "Reference":
        if (v.path.length > 1) path(v, "type");
        else if (v.path[0]) mark(v.path[0].span, declared.has(v.path[0].name) ? "variable" : "enumMember");
        return;
      case "Call":
        path(v.callee, "function");
        for (const arg of v.args) {
          if (arg.name) mark(arg.name.span, "property");
          value(arg.value);
        }
        return;
      case "List":
        v.items.forEach(value);
        return;
      case "Block":
        block(v);
        return;
      case "Boolean":
        mark(v.span, "keyword");
        return;
      default:
        return; // literals: the tokens classify them
    }
  };
  const block = (b: ast.Block) => {
    for (const entry of b.entries) {
      if (!entry.key.quoted) mark(entry.key.span, "property");
      value(entry.value);
    }
  };
  for (const decl of file.declarations) {
    mark(decl.keyword.span, "keyword");
    if (decl.name) mark(decl.name.span, "variable", ["declaration"]);
    if (decl.namespace) mark(decl.namespace.span, "namespace");
    if (decl.from) path(decl.from, "type");
    if (decl.body) block(decl.body);
    if (decl.value) value(decl.value);
  }
  return out;
}

/** LSP's relative encoding, one token per line (a `"""` string or block comment is split at line ends). */
function encode(spans: readonly { start: number; end: number; type: TokenType; modifiers: readonly Modifier[] }[], lines: LineIndex, text: string): number[] {
  const data: number[] = [];
  let prevLine = 0;
  let prevChar = 0;
  const push = (line: number, char: number, length: number, type: TokenType, modifiers: readonly Modifier[]) => {
    if (length <= 0) return;
    const bits = modifiers.reduce((acc, m) => acc | (1 << MODIFIERS.indexOf(m)), 0);
    data.push(line - prevLine, line === prevLine ? char - prevChar : char, length, TYPES.indexOf(type), bits);
    prevLine = line;
    prevChar = char;
  };
  let lastEnd = 0;
  for (const s of spans) {
    if (s.start < lastEnd) continue; // never overlap (a tree span inside a token already emitted)
    lastEnd = s.end;
    let start = s.start;
    while (start < s.end) {
      const newline = text.indexOf("\n", start);
      const stop = newline === -1 || newline >= s.end ? s.end : newline;
      const p = lines.position(start);
      push(p.line - 1, p.column - 1, stop - start, s.type, s.modifiers);
      start = stop + 1;
    }
  }
  return data;
}
