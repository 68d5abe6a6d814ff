import type { Diagnostic, Fix, RelatedInformation } from "./diagnostic.js";
import type { CodeName } from "./codes.js";
import { codes } from "./codes.js";
import type { Span } from "./span.js";

export interface ReportOptions {
  readonly related?: readonly RelatedInformation[];
  readonly fix?: Fix;
  readonly alternatives?: readonly Fix[];
  /** Overrides the catalogue's severity (rare: the same finding is a warning in one place). */
  readonly severity?: Diagnostic["severity"];
}

/** Collects diagnostics; every phase reports through one of these so codes come from the catalogue. */
export class Reporter {
  readonly diagnostics: Diagnostic[] = [];

  report(name: CodeName, span: Span, message: string, options: ReportOptions = {}): void {
    const info = codes[name];
    this.diagnostics.push({
      code: info.code,
      severity: options.severity ?? info.severity,
      message: boundMessage(message),
      span,
      ...(options.related ? { related: options.related.map((x) => ({ ...x, message: boundMessage(x.message) })) } : {}),
      ...(options.fix ? { fix: { ...options.fix, message: boundMessage(options.fix.message) } } : {}),
      ...(options.fix && options.alternatives?.length ? { alternatives: options.alternatives.map((f) => ({ ...f, message: boundMessage(f.message) })) } : {}),
    });
  }
}

/**
 * Longest message kept: a message quoting a 100,000-character name would otherwise print it
 * whole. Roomy enough for labc's longest own messages, which carry restore commands with paths.
 */
export const MAX_MESSAGE_LENGTH = 2000;

/** The message with its middle cut out when it is longer than MAX_MESSAGE_LENGTH. */
export function boundMessage(message: string): string {
  if (message.length <= MAX_MESSAGE_LENGTH) return message;
  const half = Math.floor((MAX_MESSAGE_LENGTH - 5) / 2);
  return `${message.slice(0, half)} ... ${message.slice(message.length - half)}`;
}
