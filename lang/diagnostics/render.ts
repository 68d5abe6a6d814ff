import type { Diagnostic, Fix } from "./diagnostic.js";
import type { LineIndex } from "./span.js";

export interface RenderOptions {
  readonly color: boolean;
  /** Source text by display path, for the code frame; files not listed print without one. */
  readonly sources: ReadonlyMap<string, LineIndex>;
}

/** Widest source line shown under a diagnostic, and how much of it precedes the span when cut. */
const MAX_FRAME_WIDTH = 160;
const FRAME_CONTEXT = 40;

const paint = (on: boolean, code: string) => (s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);

/**
 * `cluster.lab:12:5: error LAB2103: message`, then the source line with a caret under the span,
 * then related locations and the fix, like a C compiler's output.
 */
export function renderDiagnostic(d: Diagnostic, options: RenderOptions): string {
  const bold = paint(options.color, "1");
  const red = paint(options.color, "31;1");
  const yellow = paint(options.color, "33;1");
  const cyan = paint(options.color, "36");
  const green = paint(options.color, "32");
  const sev = d.severity === "error" ? red("error") : d.severity === "warning" ? yellow("warning") : cyan("info");
  const where = `${d.span.file}:${d.span.start.line}:${d.span.start.column}`;
  const lines = [`${bold(where)}: ${sev} ${d.code}: ${d.message}`];
  const source = options.sources.get(d.span.file);
  if (source) {
    const full = source.lineText(d.span.start.line).replace(/\t/g, " ");
    const fullWidth = d.span.end.line === d.span.start.line ? Math.max(1, d.span.end.column - d.span.start.column) : Math.max(1, full.length - d.span.start.column + 1);
    // A window of the line around the span, so a 100,000-character line prints as one screen line.
    const from = full.length <= MAX_FRAME_WIDTH ? 0 : Math.max(0, Math.min(d.span.start.column - 1 - FRAME_CONTEXT, full.length - MAX_FRAME_WIDTH));
    const shown = full.slice(from, from + MAX_FRAME_WIDTH);
    const lead = from > 0 ? "..." : "";
    const text = `${lead}${shown}${from + MAX_FRAME_WIDTH < full.length ? "..." : ""}`;
    const column = d.span.start.column - from + lead.length;
    const width = Math.max(1, Math.min(fullWidth, shown.length + lead.length - column + 1));
    const gutter = String(d.span.start.line);
    lines.push(`${" ".repeat(gutter.length)} |`);
    lines.push(`${gutter} | ${text}`);
    lines.push(`${" ".repeat(gutter.length)} | ${" ".repeat(column - 1)}${(d.severity === "error" ? red : yellow)("^" + "~".repeat(width - 1))}`);
  }
  for (const rel of d.related ?? []) {
    lines.push(`  ${cyan("note")}: ${rel.span.file}:${rel.span.start.line}:${rel.span.start.column}: ${rel.message}`);
  }
  if (d.fix) lines.push(`  ${green("fix")}: ${d.fix.message}`);
  for (const alt of d.alternatives ?? []) lines.push(`  ${green("or")}: ${alt.message}`);
  return lines.join("\n");
}

export function summary(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.filter((d) => d.severity === "warning").length;
  const part = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  return `${part(errors, "error")}, ${part(warnings, "warning")}`;
}

/** The JSON form of `labc check --format json`: 1-based lines and columns, end exclusive. */
export function diagnosticToJson(d: Diagnostic): Record<string, unknown> {
  const pos = (p: { line: number; column: number }) => ({ line: p.line, column: p.column });
  return {
    code: d.code,
    severity: d.severity,
    message: d.message,
    file: d.span.file,
    start: pos(d.span.start),
    end: pos(d.span.end),
    ...(d.related ? { related: d.related.map((x) => ({ file: x.span.file, start: pos(x.span.start), end: pos(x.span.end), message: x.message })) } : {}),
    ...(d.fix ? { fix: fixJson(d.fix) } : {}),
    ...(d.alternatives ? { alternatives: d.alternatives.map(fixJson) } : {}),
  };

  function fixJson(f: Fix) {
    return { message: f.message, edits: f.edits.map((e) => ({ start: pos(e.span.start), end: pos(e.span.end), newText: e.newText })) };
  }
}
