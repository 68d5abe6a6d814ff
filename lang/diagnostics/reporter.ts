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
      message,
      span,
      ...(options.related ? { related: options.related } : {}),
      ...(options.fix ? { fix: options.fix } : {}),
      ...(options.fix && options.alternatives?.length ? { alternatives: options.alternatives } : {}),
    });
  }
}
