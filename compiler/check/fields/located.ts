import type { Span } from "../../../lang/diagnostics/span.js";

/** A checked value together with the span of the syntax it came from. */
export interface Located<T> {
  readonly value: T;
  readonly span: Span;
}
