import type { Span } from "../../lang/diagnostics/span.js";
import type { VersionPin } from "./version-pins.js";
import type { AppDefinition } from "../../stdlib/types.js";

/**
 * The checked cluster: every reference resolved, every default derived, apps in dependency
 * order. Emitters read only this; they never see syntax. Secret plaintext is not part of the
 * model: a secret is referred to by name and read through `SecretValues` at emit time.
 */

/** A canonical IPv4 network, e.g. `{ address: "10.42.0.0", prefix: 16, text: "10.42.0.0/16" }`. */
export interface Cidr {
  readonly address: string;
  readonly prefix: number;
  readonly text: string;
}

export interface NetworkModel {
  readonly name: string;
  readonly cidr: Cidr;
  /** Defaults to the first host of the network. */
  readonly gateway: string;
  readonly nameservers: readonly string[];
  readonly ntpServers: readonly string[];
  /** 802.1Q tag; node addresses, routes, MTU and the VIP then live on the VLAN interface. */
  readonly vlan: number | undefined;
  readonly mtu: number;
  readonly span: Span;
}

export type NodeRole = "controlplane" | "worker";

export type InstallDisk =
  | { readonly kind: "path"; readonly path: string }
  | { readonly kind: "selector"; readonly serial?: string; readonly model?: string; readonly busPath?: string };

/**
 * A Talos config patch file named in cluster.lab (`file("…")`), read by the checker: strategic
 * merge (one or more documents) or an RFC 6902 list. The emitters copy and apply `content`.
 */
export interface TalosPatchModel {
  /** As written in cluster.lab, relative to the .lab file that names it. */
  readonly path: string;
  readonly content: string;
  /** The path's string in cluster.lab. */
  readonly span: Span;
}

/** Cluster-wide Talos patches, by the nodes they apply to (talhelper's patches, controlPlane and worker groups). */
export interface TalosPatchGroups {
  readonly all: readonly TalosPatchModel[];
  readonly controlplane: readonly TalosPatchModel[];
  readonly worker: readonly TalosPatchModel[];
}

/** Image factory schematic contents labc writes (talos/schematics/<id>.yaml) and hashes into the ID. */
export interface SchematicCustomization {
  /** Official extensions, `siderolabs/<name>`, in the order written. */
  readonly extensions: readonly string[];
  readonly kernelArgs: readonly string[];
}

/** A node's schematic: the ID, and what it holds when cluster.lab lists it rather than naming an ID. */
export interface NodeSchematic {
  readonly id: string;
  readonly customization?: SchematicCustomization;
}

/** Linux bonding modes, as Talos names them (nethelpers.BondMode). */
export const BOND_MODES = ["balance-rr", "active-backup", "balance-xor", "broadcast", "802.3ad", "balance-tlb", "balance-alb"] as const;
export type BondMode = (typeof BOND_MODES)[number];

/** What unlocks an encrypted system disk: the TPM (sealed to the secure-boot UKI) or the node's identity. */
export const DISK_KEYS = ["tpm", "node-id"] as const;
export type DiskKey = (typeof DISK_KEYS)[number];

/** Several NICs joined into one link; the members are selected by their permanent MAC. */
export interface BondModel {
  /** Lower-case member MACs, in the order written. */
  readonly macs: readonly string[];
  readonly mode: BondMode;
  readonly lacpRate?: "slow" | "fast";
  readonly xmitHashPolicy?: string;
  readonly miimon?: number;
  /** Milliseconds, multiples of `miimon`. */
  readonly updelay?: number;
  readonly downdelay?: number;
}

/** A static route beyond the default one: `to` via a gateway on the NIC's network. */
export interface StaticRouteModel {
  readonly to: Cidr;
  readonly via: string;
  readonly metric?: number;
}

/**
 * A NIC (or bond) beyond the node's primary one, on another declared network: static address,
 * MTU, its routes. It never carries the default route or the API VIP (those stay on the primary).
 */
export interface NicModel {
  /** Its name in cluster.lab (`nics { storage { … } }`), for messages and the README. */
  readonly name: string;
  /** Exactly one of `mac` and `bond` is set. */
  readonly mac?: string;
  readonly bond?: BondModel;
  readonly address: string;
  readonly network: NetworkModel;
  readonly mtu: number;
  readonly routes: readonly StaticRouteModel[];
}

export interface NodeModel {
  readonly name: string;
  readonly role: NodeRole;
  /** The primary NIC's address: the node's address for Talos, Kubernetes and talosctl. */
  readonly address: string;
  readonly network: NetworkModel;
  /**
   * Lower-case `aa:bb:cc:dd:ee:ff`; selects the primary NIC. Exactly one of `mac` and `bond` is
   * set: a bonded node has no single MAC.
   */
  readonly mac?: string;
  /** The primary link is a bond of several NICs instead. */
  readonly bond?: BondModel;
  /** Static routes on the primary NIC besides the default route via its network's gateway. */
  readonly routes?: readonly StaticRouteModel[];
  /** NICs on other networks; absent means none. */
  readonly nics?: readonly NicModel[];
  readonly disk: InstallDisk;
  /** Image factory schematic ID (64 hex chars). */
  readonly schematic: string;
  /** Set when cluster.lab lists the extensions and kernel arguments rather than an ID. */
  readonly schematicCustomization?: SchematicCustomization;
  readonly secureboot: boolean;
  readonly encryptDisk: boolean;
  /** The key of the encrypted disk; absent means the TPM. */
  readonly diskKey?: DiskKey;
  readonly mtu: number;
  readonly kernelModules: readonly string[];
  /** The node's own Talos patches, in order; absent means none. */
  readonly talosPatches?: readonly TalosPatchModel[];
  readonly span: Span;
}

export interface RepositoryModel {
  readonly host: "github";
  readonly owner: string;
  readonly name: string;
  readonly branch: string;
  readonly visibility: "public" | "private";
  /** `https://github.com/o/r.git` for public, `ssh://git@github.com/o/r.git` for private repos. */
  readonly url: string;
}

export type ChartSource =
  /** An OCI chart: `oci://ghcr.io/coredns/charts/coredns` at `version`. */
  | { readonly kind: "oci"; readonly url: string; readonly version: string }
  /** The bjw-s app-template, served by the shared OCIRepository of the namespace component. */
  | { readonly kind: "app-template"; readonly version: string };

export interface AppRef {
  readonly name: string;
  readonly namespace: string;
}

/** A reference to a declared secret; the plaintext is looked up at emit time. */
export interface SecretRef {
  readonly secret: string;
}

export type ParamValue = string | number | boolean | SecretRef | readonly ParamValue[];

export interface RouteModel {
  /** Name of the Gateway the route attaches to (`external` or `internal`). */
  readonly gateway: string;
  /** Host label; the hostname is `<host>.${SECRET_DOMAIN}`. */
  readonly host: string;
}

export interface AppModel {
  readonly name: string;
  readonly namespace: string;
  /**
   * The definition the app was built from, resolved by the checker against the definitions it was
   * given (`cilium`, `app-template`, …, or the custom-chart one): emitters read its hooks here.
   */
  readonly definition: AppDefinition;
  readonly chart: ChartSource;
  /** Helm values: definition defaults deep-merged with the user's `values { … }`. */
  readonly values: Readonly<Record<string, unknown>>;
  /**
   * Apps whose objects this one's need at run time (CRDs, webhooks, data): the definition's
   * `needs` and the user's `depends = […]`. Flux `dependsOn`.
   */
  readonly dependsOn: readonly AppRef[];
  /**
   * Every app installed before this one: `dependsOn` and the install order (no CNI or DNS yet).
   * helmfile `needs`, the app order, the README and the graph.
   */
  readonly installAfter: readonly AppRef[];
  /** Typed parameters declared by the definition, with defaults applied. */
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly route: RouteModel | undefined;
  /** Installed by bootstrap/helmfile.yaml before Flux takes over. */
  readonly bootstrap: boolean;
  readonly span: Span;
}

/** An address an app's definition marks as one Cilium announces on the node network. */
export interface LoadBalancerAddress {
  readonly app: string;
  readonly namespace: string;
  /** The parameter holding it (`internal-gateway`, `address`, …). */
  readonly param: string;
  readonly address: string;
}

export type SecretSource =
  | { readonly kind: "env"; readonly variable: string }
  | { readonly kind: "file"; readonly path: string }
  | { readonly kind: "generate"; readonly generator: "token" | "ssh-ed25519"; readonly length: number }
  | { readonly kind: "store" };

export interface SecretModel {
  readonly name: string;
  readonly source: SecretSource;
  readonly span: Span;
}

export interface ClusterModel {
  readonly name: string;
  /** `v1.10.7` */
  readonly talosVersion: string;
  /** `v1.33.4` */
  readonly kubernetesVersion: string;
  /** The API server VIP. */
  readonly endpoint: string;
  /** `https://<endpoint>:6443` */
  readonly apiServerUrl: string;
  /** `127.0.0.1`, the endpoint, then the user's extra SANs. */
  readonly certSans: readonly string[];
  readonly podCidr: Cidr;
  readonly serviceCidr: Cidr;
  /** ClusterIP of CoreDNS: the 10th host of the service CIDR. */
  readonly clusterDnsAddress: string;
  /** The public DNS domain, exposed to Flux as `${SECRET_DOMAIN}`. */
  readonly domain: string;
  readonly repository: RepositoryModel;
  /** The network the nodes live on (the first one declared if several). */
  readonly network: NetworkModel;
  readonly networks: readonly NetworkModel[];
  readonly nodes: readonly NodeModel[];
  /** Dependency order: every app comes after the apps it depends on (Cilium first). */
  readonly apps: readonly AppModel[];
  /** Derived once from the apps (see load-balancers.ts), in address order: the README and diagrams read this. */
  readonly loadBalancerAddresses: readonly LoadBalancerAddress[];
  /**
   * Where in `apps` the first app built from each definition id is (`cilium` → 0), derived once:
   * an app's emitter that needs the Cilium app looks it up here instead of searching every app
   * (each app doing that made a 10,000-app build quadratic, and its build cache entry as large).
   * Absent on hand-built models; readers then search `apps`.
   */
  readonly firstAppOfDefinition?: Readonly<Record<string, number>>;
  readonly secrets: readonly SecretModel[];
  /** age recipients every SOPS file is encrypted to (every key group's, once each). */
  readonly recipients: readonly string[];
  /** The recipients as SOPS key groups: one group unless the data key is split with Shamir. */
  readonly keyGroups: readonly (readonly string[])[];
  /** Key groups whose keys are needed together to decrypt: 1 with one group. */
  readonly shamirThreshold: number;
  /** Cluster-wide Talos patches; absent means none. */
  readonly talosPatches?: TalosPatchGroups;
  /**
   * Every version labc picked because cluster.lab sets none (stdlib charts and images, the Flux
   * distribution, the tooling's CLIs and Actions), from versions.lock.yaml or this release's
   * defaults: what the lock file is written from. In definitions' context, the app-less ones only.
   */
  readonly pins: readonly VersionPin[];
  readonly span: Span;
}

/** The primary NIC as a NicModel, then the extra ones: emitters treat every link alike. */
export function nodeNics(node: NodeModel): NicModel[] {
  const primary: NicModel = {
    name: "primary",
    ...(node.mac !== undefined ? { mac: node.mac } : {}),
    ...(node.bond ? { bond: node.bond } : {}),
    address: node.address,
    network: node.network,
    mtu: node.mtu,
    routes: node.routes ?? [],
  };
  return [primary, ...(node.nics ?? [])];
}

export function controlPlanes(cluster: ClusterModel): readonly NodeModel[] {
  return cluster.nodes.filter((n) => n.role === "controlplane");
}
