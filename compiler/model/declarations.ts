import type { Span } from "../../lang/diagnostics/span.js";
import type { ParamValue, SecretSource } from "./model.js";

/**
 * What cluster.lab declares, read even when other parts have errors (the model is then absent):
 * the `labc secret` commands manage secrets while the very error is "secret X is not in the
 * store", and build and check report secret-file problems at the recipients. Spans, names and
 * values only; the checker's lowered tree stays inside the checker.
 */
export interface Declarations {
  readonly cluster: DeclaredCluster | undefined;
  readonly secrets: readonly DeclaredSecret[];
  readonly apps: readonly DeclaredApp[];
}

export interface DeclaredCluster {
  readonly span: Span;
  /** The first recipient as written: where problems with the encrypted files are reported. */
  readonly recipientsSpan: Span | undefined;
  /** Every key group's recipients, as declared, without repeats. */
  readonly recipients: readonly string[];
  /** The recipients as SOPS key groups and threshold: what files are encrypted to. */
  readonly keys: { readonly keyGroups: readonly (readonly string[])[]; readonly shamirThreshold: number };
  readonly repository: { readonly slug: string; readonly private: boolean } | undefined;
}

export interface DeclaredSecret {
  readonly name: string;
  /** Undefined when the declaration's source could not be read (the checker reports why). */
  readonly source: SecretSource | undefined;
  readonly span: Span;
}

export interface DeclaredApp {
  readonly name: string;
  readonly namespace: string;
  /** The parameters that could be read. */
  readonly params: Readonly<Record<string, ParamValue>>;
}
