import type { Diagnostic } from "../../../lang/diagnostics/diagnostic.js";
import { compareDiagnostics } from "../../../lang/diagnostics/diagnostic.js";
import type { CheckResult } from "../../check/check.js";
import type { CheckMemo } from "../../check/check-memo.js";
import { checkParsed } from "../../pipeline/compile.js";
import { capDiagnostics } from "../../pipeline/cap-diagnostics.js";
import { indexSymbols, type SymbolIndex } from "../../check/symbol-index.js";
import { stdlib } from "../../../stdlib/index.js";
import type { Program } from "./load-program.js";
import type { ParsedFile } from "./parsed-file.js";

/** A checked program: what every feature reads. Built by the same pipeline phases as `labc check`. */
export interface Analysis {
  readonly program: Program;
  readonly check: CheckResult;
  /** Parse, import and checker diagnostics, in `labc check` order. */
  readonly diagnostics: readonly Diagnostic[];
  readonly index: SymbolIndex;
  file(path: string): ParsedFile | undefined;
}

/** `memo` carries reusable work from the previous analysis of the same program. */
export function analyze(program: Program, memo?: CheckMemo): Analysis {
  const asts = program.files.map((f) => f.ast);
  const result = checkParsed(program.files.map((f) => ({ ast: f.ast, absolutePath: f.path })), program.diagnostics, program.options, undefined, program.locked, memo);
  const diagnostics = capDiagnostics([...program.diagnostics, ...result.diagnostics]).sort(compareDiagnostics);
  const byPath = new Map(program.files.map((f) => [f.path, f]));
  // Only navigation reads the index: publishing diagnostics after a keystroke does not build it.
  let index: SymbolIndex | undefined;
  return {
    program,
    check: result,
    diagnostics,
    get index() {
      return (index ??= indexSymbols(asts, stdlib));
    },
    file: (path) => byPath.get(path),
  };
}
