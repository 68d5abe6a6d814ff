import { SymbolKind, type DocumentSymbol, type SymbolInformation } from "vscode-languageserver";
import type { DeclaredSymbol } from "../../check/symbol-index.js";
import type * as ast from "../../../lang/syntax/ast.js";
import { toRange } from "../convert.js";
import type { Analysis } from "../workspace/analysis.js";
import type { ParsedFile } from "../workspace/parsed-file.js";

const kinds: Record<string, SymbolKind> = {
  cluster: SymbolKind.Namespace,
  network: SymbolKind.Struct,
  node: SymbolKind.Object,
  app: SymbolKind.Package,
  secret: SymbolKind.Key,
};

/** The outline: one symbol per declaration, with its fields (and nested blocks) as children. */
export function documentSymbols(file: ParsedFile): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  for (const decl of file.ast.declarations) {
    const name = decl.name?.name ?? decl.keyword.name;
    out.push({
      name,
      detail: decl.keyword.name,
      kind: kinds[decl.keyword.name] ?? SymbolKind.Variable,
      range: toRange(decl.span),
      selectionRange: toRange(decl.name?.span ?? decl.keyword.span),
      children: decl.body ? entrySymbols(decl.body) : [],
    });
  }
  return out;
}

function entrySymbols(block: ast.Block): DocumentSymbol[] {
  return block.entries.map((e) => ({
    name: e.key.name,
    kind: e.value.kind === "Block" ? SymbolKind.Object : SymbolKind.Field,
    range: toRange(e.span),
    selectionRange: toRange(e.key.span),
    ...(e.value.kind === "Block" ? { children: entrySymbols(e.value) } : {}),
  }));
}

/** Declarations of every known program whose name contains the query's characters in order. */
export function workspaceSymbols(analyses: readonly Analysis[], query: string, uriOf: (path: string) => string): SymbolInformation[] {
  const seen = new Set<string>();
  const out: SymbolInformation[] = [];
  for (const analysis of analyses) {
    for (const d of analysis.index.declarations) {
      const key = `${d.nameSpan.file}:${d.nameSpan.start.offset}`;
      if (seen.has(key) || !fuzzy(query, d.name)) continue;
      seen.add(key);
      out.push(information(d, uriOf));
    }
  }
  return out;
}

function information(d: DeclaredSymbol, uriOf: (path: string) => string): SymbolInformation {
  return { name: d.name, kind: kinds[d.kind] ?? SymbolKind.Variable, containerName: d.kind, location: { uri: uriOf(d.nameSpan.file), range: toRange(d.decl.span) } };
}

function fuzzy(query: string, name: string): boolean {
  let i = 0;
  const q = query.toLowerCase();
  for (const ch of name.toLowerCase()) if (ch === q[i]) i++;
  return i === q.length;
}
