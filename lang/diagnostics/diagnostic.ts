import type { Span } from "./span.js";

export type Severity = "error" | "warning" | "info";

/** A replacement of the text in `span` by `newText`; used by fixes and code actions. */
export interface TextEdit {
  readonly span: Span;
  readonly newText: string;
}

export interface Fix {
  /** What the fix does, phrased for a person: "replace with 10.42.0.0/16". */
  readonly message: string;
  readonly edits: readonly TextEdit[];
}

export interface RelatedInformation {
  readonly span: Span;
  readonly message: string;
}

/**
 * One finding about the input. `code` is stable (LAB0xxx lex/parse, LAB1xxx names,
 * LAB2xxx types and values, LAB3xxx graph, LAB4xxx secrets, LAB5xxx emit and I/O).
 * Messages never contain secret plaintext.
 */
export interface Diagnostic {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly span: Span;
  readonly related?: readonly RelatedInformation[];
  readonly fix?: Fix;
  /** Other ways out, when there is more than one; `fix` is the one labc prefers. */
  readonly alternatives?: readonly Fix[];
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    a.span.file.localeCompare(b.span.file) ||
    a.span.start.offset - b.span.start.offset ||
    a.code.localeCompare(b.code) ||
    a.message.localeCompare(b.message)
  );
}
