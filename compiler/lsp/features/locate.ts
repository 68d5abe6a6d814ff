import type * as ast from "../../../lang/syntax/ast.js";
import type { Span } from "../../../lang/diagnostics/span.js";
import type { DeclaredSymbol, FieldUse, StdlibReference, SymbolReference } from "../../check/symbol-index.js";
import type { Analysis } from "../workspace/analysis.js";

/** What the cursor is on, most specific first. */
export type Target =
  | { readonly kind: "reference"; readonly ref: SymbolReference; readonly span: Span }
  | { readonly kind: "stdlib"; readonly ref: StdlibReference; readonly span: Span }
  | { readonly kind: "declaration"; readonly symbol: DeclaredSymbol; readonly span: Span }
  | { readonly kind: "keyword"; readonly symbol: DeclaredSymbol; readonly span: Span }
  | { readonly kind: "field-key"; readonly use: FieldUse; readonly span: Span }
  | { readonly kind: "field-value"; readonly use: FieldUse; readonly span: Span }
  | { readonly kind: "import"; readonly node: ast.Import; readonly span: Span };

/** The end is inclusive: a cursor just after a name still means that name. */
export function within(span: Span, path: string, offset: number): boolean {
  return span.file === path && span.start.offset <= offset && offset <= span.end.offset;
}

export function locate(analysis: Analysis, path: string, offset: number): Target | undefined {
  const { index } = analysis;
  for (const ref of index.references) if (within(ref.span, path, offset)) return { kind: "reference", ref, span: ref.span };
  for (const ref of index.stdlibReferences) if (within(ref.span, path, offset)) return { kind: "stdlib", ref, span: ref.span };
  for (const symbol of index.declarations) {
    if (within(symbol.nameSpan, path, offset)) return { kind: "declaration", symbol, span: symbol.nameSpan };
    if (within(symbol.decl.keyword.span, path, offset)) return { kind: "keyword", symbol, span: symbol.decl.keyword.span };
  }
  for (const use of index.fields) {
    if (within(use.entry.key.span, path, offset)) return { kind: "field-key", use, span: use.entry.key.span };
  }
  for (const use of index.fields) {
    if (use.entry.value.kind !== "Block" && within(use.entry.value.span, path, offset)) return { kind: "field-value", use, span: use.entry.value.span };
  }
  for (const node of analysis.file(path)?.ast.imports ?? []) {
    if (within(node.path.span, path, offset)) return { kind: "import", node, span: node.path.span };
  }
  return undefined;
}

/** Every declaration and reference of the symbol a target names (for references and rename). */
export function occurrences(analysis: Analysis, symbol: { kind: string; name: string }): { declarations: DeclaredSymbol[]; references: SymbolReference[] } {
  const { index } = analysis;
  return {
    declarations: index.declarations.filter((d) => d.kind === symbol.kind && d.name === symbol.name),
    references: index.references.filter((r) => r.kind === symbol.kind && r.name === symbol.name),
  };
}

export function symbolOf(target: Target | undefined): { kind: string; name: string } | undefined {
  if (!target) return undefined;
  if (target.kind === "reference") return { kind: target.ref.kind, name: target.ref.name };
  if (target.kind === "declaration") return { kind: target.symbol.kind, name: target.symbol.name };
  return undefined;
}
