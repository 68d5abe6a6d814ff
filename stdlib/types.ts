import type {
  AppModel,
  AppRef,
  ChartSource,
  ClusterModel,
  ParamValue,
  RouteModel,
  SecretRef,
} from "../compiler/model/model.js";

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
  /** Inclusive bounds of an integer parameter (an ASN, a port). */
  readonly range?: readonly [number, number];
  /** Parameters sharing a group name are set together or not at all (BGP needs all three). */
  readonly allOrNone?: string;
  /**
   * For a secret parameter: what is wrong with the secret's value when it is not what the app
   * needs (a clause, never quoting the value), else undefined. Checked when secrets are read, so
   * the problem is reported at the secret, not as a failure of emitting.
   */
  readonly secretFormat?: (value: string) => string | undefined;
}

/** The cluster as seen while app defaults are computed (apps are not final yet). */
export type ClusterContext = Omit<ClusterModel, "apps" | "loadBalancerAddresses">;

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
  /**
   * Apps (by name) installed before this one, for a cluster that has no CNI or DNS yet: helmfile's
   * `needs` between bootstrap apps, never a Flux `dependsOn` (a running cluster has them, and a
   * Flux dependency would stall this app whenever the other is unhealthy). A missing one is a
   * diagnostic at the app.
   */
  readonly installAfter: readonly string[];
  /**
   * Apps (by name) whose objects this one's need at run time (their CRDs, webhooks or data):
   * Flux `dependsOn`, and install order too. A missing one is a diagnostic at the app.
   */
  readonly needs?: readonly string[];
  /** Apps (by name) installed before this one when they are declared, e.g. cert-manager after spegel. */
  readonly after?: readonly string[];
  /** Installed by bootstrap/helmfile.yaml before Flux takes over. */
  readonly bootstrap: boolean;
  /** Only meaningful with at least this many nodes (spegel: 2); fewer is a warning. */
  readonly minNodes?: number;
  /** Default Helm values for this cluster and these params. */
  values(ctx: DefinitionContext): Record<string, unknown>;
  /** Routes the definition publishes itself (flux-instance's webhook): hostnames it claims. */
  readonly routes?: readonly RouteModel[];
  /**
   * Set by definitions that publish an app's `route`: the service port the route targets in the
   * app's merged values, undefined when they have none (the checker reports it at the route).
   */
  routePort?(values: Readonly<Record<string, unknown>>): number | undefined;
  /** Emit side: how the app's Flux files differ from the defaults (cluster-template era A). */
  readonly flux?: FluxOptions;
}

// ---------------------------------------------------------------------------------------------
// Emit side. Read only by compiler/emit/flux and compiler/emit/bootstrap, after the model is
// final; the checker and the model builder can ignore everything below.

/** What an app's emit hooks see: the final cluster (all apps resolved) and the app itself. */
export interface EmitContext {
  readonly cluster: ClusterModel;
  readonly app: AppModel;
}

/** For hooks that build Secret files: adds the plaintext of declared secrets. */
export interface SecretEmitContext extends EmitContext {
  /** Plaintext of a `secret` param value (a SecretRef) or of a declared secret by name. */
  secret(ref: SecretRef | string): string;
}

/** A comment above a key under the HelmRelease's `values`, e.g. a Renovate marker. */
export interface ValueComment {
  /** Path below `values`. */
  readonly path: readonly (string | number)[];
  readonly comment: string;
}

/** A YAML file an app ships beside its HelmRelease. */
export interface AppFile {
  /** Relative to the app folder: `app/networks.yaml`, `gateway/external.yaml`. */
  readonly path: string;
  /** One entry per YAML document (plain data). */
  readonly documents: readonly unknown[];
  /** `yaml-language-server` schema URL per document, by index; missing entries get none. */
  readonly schemas?: readonly (string | undefined)[];
  /** A Kubernetes Secret: written as a SOPS SecretOutput; the path must end in `.sops.yaml`. */
  readonly secret?: boolean;
  /** Not listed in its folder's kustomization `resources` (input of a configMapGenerator). */
  readonly unlisted?: boolean;
}

export interface ConfigMapGeneratorSpec {
  /** Folder of the kustomization.yaml that generates it, relative to the app folder (`app`). */
  readonly dir: string;
  readonly name: string;
  /** kustomize `files` entries, relative to `dir`: `config.yaml=./resources/config.yaml`. */
  readonly files: readonly string[];
}

/** A further Flux Kustomization in the app's ks.yaml, reconciling a sibling of `app/`. */
export interface ExtraKustomization {
  readonly name: string;
  /** Sibling folder of `app/`, e.g. `gateway`. */
  readonly dir: string;
  readonly dependsOn?: readonly AppRef[];
  /** Fields set over the default Kustomization spec (`timeout`, `wait`, …). */
  readonly spec?: Readonly<Record<string, unknown>>;
}

export interface AppExtras {
  readonly files?: readonly AppFile[];
  readonly configMapGenerators?: readonly ConfigMapGeneratorSpec[];
  readonly kustomizations?: readonly ExtraKustomization[];
}

export interface FluxOptions {
  /** HelmRelease `upgrade.remediation.strategy: rollback` (coredns, cloudflare-dns, flux-*). */
  readonly rollback?: boolean;
  /** Poll interval of the app's OCIRepository; defaults to `5m`. */
  readonly sourceInterval?: string;
  /** Comments attached under `values` (also carried into the bootstrap helmfile). */
  readonly valueComments?: readonly ValueComment[];
  /** Fields set over the app's Flux Kustomization spec; `null` drops a default (cert-manager's `wait`). */
  kustomization?(ctx: EmitContext): Readonly<Record<string, unknown>>;
  /** Files beside the HelmRelease and further Flux Kustomizations. */
  extras?(ctx: SecretEmitContext): AppExtras;
  /**
   * The order of `app/kustomization.yaml`'s resources, as cluster-template lists them; files not
   * named follow, sorted. Default: all sorted.
   */
  readonly resourceOrder?: readonly string[];
  /** Values that expose the app on its `route` (deep-merged over `AppModel.values`). */
  routeValues?(ctx: EmitContext, route: RouteModel): Record<string, unknown>;
}

export type { AppModel };
