import { fileURLToPath, pathToFileURL } from "node:url";
import type { Diagnostic as LspDiagnostic, Position, Range } from "vscode-languageserver";
import type { Diagnostic, Fix } from "../../lang/diagnostics/diagnostic.js";
import type { Span } from "../../lang/diagnostics/span.js";

/**
 * Conversions between labc's spans (1-based line and column, UTF-16 offsets, end exclusive)
 * and LSP's ranges (0-based line and UTF-16 character, end exclusive): the same unit, so a
 * column maps to a character by subtracting one.
 */

export function toRange(span: Span): Range {
  return {
    start: { line: span.start.line - 1, character: span.start.column - 1 },
    end: { line: span.end.line - 1, character: span.end.column - 1 },
  };
}

export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith("file:")) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export function pathToUri(path: string): string {
  return pathToFileURL(path).href;
}

const severities = { error: 1, warning: 2, info: 3 } as const;

/** `uriOf` maps a span's file (an absolute path in the server) to the URI the client knows. */
export function toLspDiagnostic(d: Diagnostic, uriOf: (file: string) => string): LspDiagnostic {
  return {
    range: toRange(d.span),
    severity: severities[d.severity],
    code: d.code,
    source: "labc",
    message: d.message,
    ...(d.related?.length ? { relatedInformation: d.related.map((r) => ({ location: { uri: uriOf(r.span.file), range: toRange(r.span) }, message: r.message })) } : {}),
    // Carried so that a code action can be built from the diagnostic the client sends back.
    ...(d.fix ? { data: { fix: carried(d.fix), ...(d.alternatives ? { alternatives: d.alternatives.map(carried) } : {}) } } : {}),
  };
}

function carried(f: Fix) {
  return { message: f.message, edits: f.edits.map((e) => ({ file: e.span.file, range: toRange(e.span), newText: e.newText })) };
}

export function positionLess(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}
