import type { Diagnostic } from "../../lang/diagnostics/diagnostic.js";
import { compareDiagnostics } from "../../lang/diagnostics/diagnostic.js";
import { renderDiagnostic, summary } from "../../lang/diagnostics/render.js";
import type { LineIndex } from "../../lang/diagnostics/span.js";

export function useColor(stream: NodeJS.WriteStream): boolean {
  if (process.env["NO_COLOR"] !== undefined && process.env["NO_COLOR"] !== "") return false;
  return stream.isTTY === true;
}

/** Prints diagnostics to stderr in source order, then a one-line count. */
export function printDiagnostics(diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, LineIndex>): void {
  if (diagnostics.length === 0) return;
  const color = useColor(process.stderr);
  const sorted = [...diagnostics].sort(compareDiagnostics);
  process.stderr.write(sorted.map((d) => renderDiagnostic(d, { color, sources })).join("\n\n") + `\n\n${summary(sorted)}\n`);
}
