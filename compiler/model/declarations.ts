import type { Span } from "../../lang/diagnostics/span.js";
import type { AppDefinition } from "../../stdlib/types.js";
import type { BondMode, ChartSource, Cidr, InstallDisk, NodeRole, ParamValue, SecretSource } from "./model.js";

/**
 * What cluster.lab declares, read even when other parts have errors (the model is then absent):
 * the `labc secret` commands manage secrets while the very error is "secret X is not in the
 * store", and build and check report secret-file problems at the recipients. Spans, names and
 * values only; the checker's lowered tree stays inside the checker.
 */
export interface Declarations {
  readonly cluster: DeclaredCluster | undefined;
  readonly networks: readonly DeclaredNetwork[];
  readonly nodes: readonly DeclaredNode[];
  readonly secrets: readonly DeclaredSecret[];
  readonly apps: readonly DeclaredApp[];
}

export interface DeclaredCluster {
  readonly name: string;
  readonly span: Span;
  readonly talos: string | undefined;
  readonly kubernetes: string | undefined;
  /** The API server's address (the VIP or the single control plane). */
  readonly endpoint: string | undefined;
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

export interface DeclaredNetwork {
  readonly name: string;
  readonly cidr: Cidr | undefined;
  /** Explicit, or derived from the CIDR. */
  readonly gateway: string | undefined;
  readonly vlan: number | undefined;
}

export interface DeclaredLink {
  readonly mac: string | undefined;
  readonly bond: { readonly macs: readonly string[]; readonly mode: BondMode | undefined } | undefined;
}

export interface DeclaredNic extends DeclaredLink {
  readonly name: string;
  readonly address: string | undefined;
  readonly network: string | undefined;
}

export interface DeclaredNode extends DeclaredLink {
  readonly name: string;
  readonly role: NodeRole | undefined;
  readonly address: string | undefined;
  readonly network: string | undefined;
  readonly nics: readonly DeclaredNic[];
  readonly disk: InstallDisk | undefined;
}

export interface DeclaredApp {
  readonly name: string;
  readonly namespace: string;
  /** The stdlib definition the app starts from, resolved as the checker resolves it. */
  readonly definition: AppDefinition | undefined;
  readonly chart: ChartSource | undefined;
  /** The user's `depends = […]`, as written. */
  readonly depends: readonly string[];
  /** The parameters that could be read. */
  readonly params: Readonly<Record<string, ParamValue>>;
}
