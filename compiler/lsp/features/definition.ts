import type { Location } from "vscode-languageserver";
import { dirname, resolve } from "node:path";
import { toRange } from "../convert.js";
import type { Analysis } from "../workspace/analysis.js";
import { locate } from "./locate.js";

/** A reference goes to its declaration; an import path goes to the imported file. */
export function definition(analysis: Analysis, path: string, offset: number, uriOf: (path: string) => string): Location[] | null {
  const target = locate(analysis, path, offset);
  if (target?.kind === "reference" && target.ref.target) {
    const s = target.ref.target.nameSpan;
    return [{ uri: uriOf(s.file), range: toRange(s) }];
  }
  if (target?.kind === "declaration") return [{ uri: uriOf(target.symbol.nameSpan.file), range: toRange(target.symbol.nameSpan) }];
  if (target?.kind === "import") {
    const file = resolve(dirname(path), target.node.path.value);
    const zero = { line: 0, character: 0 };
    return [{ uri: uriOf(file), range: { start: zero, end: zero } }];
  }
  return null;
}
