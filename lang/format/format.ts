import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { Reporter } from "../diagnostics/reporter.js";
import { LineIndex } from "../diagnostics/span.js";
import { parse } from "../parser/parse.js";
import { SourceFacts } from "./source-facts.js";
import { printFile, UnprintableError } from "./print.js";
import { sameProgram } from "./verify.js";

export type FormatResult =
  | { readonly ok: true; readonly text: string; readonly changed: boolean }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/**
 * Formats one `.lab` file. A file with syntax errors is not formatted: its diagnostics are
 * returned instead, because a recovered tree has lost text and printing it would lose it too.
 * Line endings become `\n`.
 */
export function format(text: string, file = "<input>"): FormatResult {
  const source = text.replace(/\r\n/g, "\n");
  const parsed = parse(source, file);
  if (parsed.diagnostics.length > 0) return { ok: false, diagnostics: parsed.diagnostics };
  let out: string;
  try {
    out = printFile(parsed.ast, new SourceFacts(source, parsed.ast.comments));
  } catch (error) {
    if (!(error instanceof UnprintableError)) throw error;
    return refuse(source, file, error.message);
  }
  if (!sameProgram(source, out)) return refuse(source, file, "the formatted text would differ from the original");
  return { ok: true, text: out, changed: out !== text };
}

function refuse(source: string, file: string, why: string): FormatResult {
  const r = new Reporter();
  r.report("internalError", new LineIndex(source).span(file, 0, 0), `labc fmt left this file unchanged: ${why} (a formatter bug; please report it)`);
  return { ok: false, diagnostics: r.diagnostics };
}
