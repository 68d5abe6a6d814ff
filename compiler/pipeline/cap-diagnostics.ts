import type { Diagnostic } from "../../lang/diagnostics/diagnostic.js";
import { codes } from "../../lang/diagnostics/codes.js";

/** Past this many diagnostics in one file, the rest are counted, not listed: they are mostly one mistake's echoes. */
export const MAX_DIAGNOSTICS_PER_FILE = 100;

/**
 * Keeps the first `max` diagnostics of each file (by position) and adds one LAB0009 "and N more"
 * in their place, so that hostile or badly broken input cannot produce unbounded output. The
 * summary is an error when any hidden diagnostic is one, so the exit code never changes.
 */
export function capDiagnostics(diagnostics: readonly Diagnostic[], max = MAX_DIAGNOSTICS_PER_FILE): Diagnostic[] {
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) {
    const list = byFile.get(d.span.file);
    if (list) list.push(d);
    else byFile.set(d.span.file, [d]);
  }
  if ([...byFile.values()].every((l) => l.length <= max)) return [...diagnostics];
  const hidden = new Set<Diagnostic>();
  const summaries: Diagnostic[] = [];
  for (const list of byFile.values()) {
    if (list.length <= max) continue;
    const ordered = [...list].sort((a, b) => a.span.start.offset - b.span.start.offset);
    const rest = ordered.slice(max);
    for (const d of rest) hidden.add(d);
    const errors = rest.filter((d) => d.severity === "error").length;
    const warnings = rest.filter((d) => d.severity === "warning").length;
    const counts = [errors ? `${errors} error${errors === 1 ? "" : "s"}` : "", warnings ? `${warnings} warning${warnings === 1 ? "" : "s"}` : ""].filter(Boolean).join(" and ");
    const first = rest[0]!;
    summaries.push({
      code: codes.tooManyDiagnostics.code,
      severity: errors > 0 ? "error" : rest.some((d) => d.severity === "warning") ? "warning" : "info",
      message: `and ${rest.length} more diagnostic${rest.length === 1 ? "" : "s"} in this file (${counts || "notes"}), not shown; fix the ones above first`,
      span: { ...first.span, end: first.span.start },
    });
  }
  return [...diagnostics.filter((d) => !hidden.has(d)), ...summaries];
}
