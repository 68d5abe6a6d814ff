import type { Span } from "../../../lang/diagnostics/span.js";
import type * as ast from "../../../lang/syntax/ast.js";
import type { BondMode, ChartSource, DiskKey, Cidr, InstallDisk, NodeRole, NodeSchematic, ParamValue, RouteModel, SecretSource, TalosPatchModel } from "../../model/model.js";
import type { AppDefinition } from "../../../stdlib/types.js";
import type { Located } from "../fields/located.js";
import type { RepositorySpec } from "../fields/read-calls.js";

/**
 * Declarations after their fields are read and typed, still carrying spans for the rules.
 * A field that failed to read is undefined; rules skip what they cannot judge, so one bad
 * value yields one diagnostic, not a cascade.
 */

export interface LoweredCluster {
  readonly name: string;
  readonly nameSpan: Span;
  readonly span: Span;
  readonly talos?: Located<string>;
  readonly kubernetes?: Located<string>;
  readonly endpoint?: Located<string>;
  readonly pods?: Located<Cidr>;
  readonly services?: Located<Cidr>;
  readonly domain?: Located<string>;
  readonly repository?: Located<RepositorySpec>;
  readonly sans: readonly Located<string>[];
  /** Every recipient, all key groups flattened. */
  readonly recipients: readonly Located<string>[];
  /** `recipients` as key groups; a flat list is one group. */
  readonly keyGroups: readonly (readonly Located<string>[])[];
  readonly shamirThreshold?: Located<number>;
  /** Talos patches for every node, the control planes, the workers: only files that read and parse. */
  readonly patches: readonly TalosPatchModel[];
  readonly controlplanePatches: readonly TalosPatchModel[];
  readonly workerPatches: readonly TalosPatchModel[];
}

export interface LoweredNetwork {
  readonly name: string;
  readonly nameSpan: Span;
  readonly span: Span;
  readonly cidr?: Located<Cidr>;
  /** Explicit, or derived from the CIDR (then its span is the CIDR's). */
  readonly gateway?: Located<string>;
  readonly nameservers: readonly string[];
  readonly ntp: readonly string[];
  readonly vlan?: number;
  readonly mtu: number;
}

export interface LoweredBond {
  readonly macs: readonly Located<string>[];
  readonly mode?: BondMode;
  readonly lacpRate?: "slow" | "fast";
  readonly xmitHashPolicy?: string;
  readonly miimon?: number;
  readonly updelay?: Located<number>;
  readonly downdelay?: Located<number>;
  readonly span: Span;
}

export interface LoweredRoute {
  readonly to?: Located<Cidr>;
  readonly via?: Located<string>;
  readonly metric?: number;
  readonly span: Span;
}

/** A NIC beyond the primary one (`nics { storage { … } }`). */
export interface LoweredNic {
  readonly name: string;
  readonly nameSpan: Span;
  readonly span: Span;
  readonly network?: LoweredNetwork;
  readonly address?: Located<string>;
  readonly mac?: Located<string>;
  readonly bond?: LoweredBond;
  readonly mtu?: number;
  readonly routes: readonly LoweredRoute[];
}

export interface LoweredNode {
  readonly name: string;
  readonly nameSpan: Span;
  readonly span: Span;
  readonly role?: Located<NodeRole>;
  readonly address?: Located<string>;
  readonly network?: LoweredNetwork;
  /** The primary link: a MAC, or a bond (the reader reports both or neither). */
  readonly mac?: Located<string>;
  readonly bond?: LoweredBond;
  readonly nics: readonly LoweredNic[];
  /** Node-level static routes; each goes on the NIC whose network holds its gateway. */
  readonly routes: readonly LoweredRoute[];
  readonly disk?: InstallDisk;
  readonly schematic?: Located<NodeSchematic>;
  readonly secureboot: boolean;
  readonly encryptDisk: boolean;
  /** The `encrypt-disk` entry, where fixes go. */
  readonly encryptDiskEntry?: Span;
  readonly diskKey?: Located<DiskKey>;
  readonly mtu?: number;
  readonly kernelModules: readonly string[];
  /** The node's Talos patches: only files that read and parse. */
  readonly patches: readonly TalosPatchModel[];
}

export interface LoweredApp {
  readonly name: string;
  readonly nameSpan: Span;
  readonly span: Span;
  readonly namespace: string;
  readonly definition?: AppDefinition;
  readonly chart?: ChartSource;
  /** The user's `version = …` override, as written. */
  readonly version?: Located<string>;
  /** Where the chart's version came from when cluster.lab sets none: versions.lock.yaml, or this labc's default. */
  readonly pinnedVersion?: { readonly from: "lock"; readonly version: Located<string> } | { readonly from: "default" };
  readonly userValues: Readonly<Record<string, unknown>>;
  readonly valuesSpan?: Span;
  /** The `values { … }` block as written, for the check against the chart's value table. */
  readonly valuesBlock?: ast.Block;
  /** `values-unchecked = ["path", …]`: value paths that check skips. */
  readonly valuesUnchecked: readonly Located<string>[];
  readonly depends: readonly Located<string>[];
  readonly route?: Located<RouteModel>;
  readonly params: Readonly<Record<string, Located<ParamValue>>>;
  /** Every field the user wrote, read successfully or not (so a bad value is not also "missing"). */
  readonly written: ReadonlySet<string>;
}

export interface LoweredSecret {
  readonly name: string;
  readonly nameSpan: Span;
  readonly span: Span;
  readonly source?: SecretSource;
}

export interface Lowered {
  readonly cluster?: LoweredCluster;
  readonly networks: readonly LoweredNetwork[];
  readonly nodes: readonly LoweredNode[];
  readonly apps: readonly LoweredApp[];
  readonly secrets: readonly LoweredSecret[];
}
