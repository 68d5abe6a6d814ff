import type { AppModel, ChartSource, ClusterModel, ParamValue } from "../compiler/model/model.js";

/**
 * A stdlib app definition: what `app x from std.<id>` starts from. The checker reads `params`
 * to type the user's fields; the model builder calls `values` once the cluster is resolved and
 * deep-merges the user's `values { … }` over the result.
 */

export type ParamType =
  | "string"
  | "integer"
  | "boolean"
  | "ipv4"
  | "cidr"
  | "duration"
  | "version"
  | "secret"
  | { readonly enum: readonly string[] }
  | { readonly list: ParamType };

export interface ParamSpec {
  readonly type: ParamType;
  /** One line shown in hover and in "missing field" diagnostics. */
  readonly doc: string;
  readonly required?: boolean;
  readonly default?: ParamValue;
  /**
   * An address Cilium announces on the LAN: it must lie in the node network and collide with
   * no node, gateway, API VIP or other load-balancer address.
   */
  readonly loadBalancerAddress?: boolean;
}

/** The cluster as seen while app defaults are computed (apps are not final yet). */
export type ClusterContext = Omit<ClusterModel, "apps">;

export interface DefinitionContext {
  readonly cluster: ClusterContext;
  readonly name: string;
  readonly namespace: string;
  readonly params: Readonly<Record<string, ParamValue>>;
}

export interface AppDefinition {
  readonly id: string;
  readonly doc: string;
  readonly namespace: string;
  readonly chart: ChartSource;
  readonly params: Readonly<Record<string, ParamSpec>>;
  /** Apps (by name) this one needs; a missing one is a diagnostic at the app. */
  readonly dependsOn: readonly string[];
  /** Apps (by name) this one is ordered after when they are declared, e.g. cert-manager after spegel. */
  readonly after?: readonly string[];
  /** Installed by bootstrap/helmfile.yaml before Flux takes over. */
  readonly bootstrap: boolean;
  /** Only meaningful with at least this many nodes (spegel: 2); fewer is a warning. */
  readonly minNodes?: number;
  /** Default Helm values for this cluster and these params. */
  values(ctx: DefinitionContext): Record<string, unknown>;
}

export type { AppModel };
