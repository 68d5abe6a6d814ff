import type { Location } from "vscode-languageserver";
import { toRange } from "../convert.js";
import type { Analysis } from "../workspace/analysis.js";
import { locate, occurrences, symbolOf } from "./locate.js";

export function references(analysis: Analysis, path: string, offset: number, includeDeclaration: boolean, uriOf: (path: string) => string): Location[] | null {
  const symbol = symbolOf(locate(analysis, path, offset));
  if (!symbol) return null;
  const found = occurrences(analysis, symbol);
  const spans = [...(includeDeclaration ? found.declarations.map((d) => d.nameSpan) : []), ...found.references.map((r) => r.span)];
  return spans.map((s) => ({ uri: uriOf(s.file), range: toRange(s) }));
}
