import type { SecretsBundle } from "../secrets/bundle.js";
import type { TalosContract } from "../releases.js";
import type { ConfigPatch } from "../patch/patch.js";

export type MachineType = "controlplane" | "worker";

export interface RegistryMirror {
  /** Registry host the mirror serves, e.g. `docker.io`. */
  readonly registry: string;
  readonly endpoints: readonly string[];
}

export type CniConfig = { readonly name: "flannel" } | { readonly name: "none" } | { readonly name: "custom"; readonly urls: readonly string[] };

export type InstallDiskTarget =
  | { readonly path: string }
  | { readonly selector: { readonly serial?: string; readonly model?: string; readonly busPath?: string } };

export interface RouteSpec {
  /** Destination; default route when omitted. */
  readonly network?: string;
  readonly gateway: string;
  readonly metric?: number;
}

export interface VlanSpec {
  readonly vlanId: number;
  readonly addresses?: readonly string[];
  readonly routes?: readonly RouteSpec[];
  readonly mtu?: number;
  readonly dhcp?: boolean;
  readonly vip?: string;
}

export interface BondSpec {
  /** Member NICs, selected by (permanent) MAC address. */
  readonly memberMacs: readonly string[];
  readonly mode: string;
  readonly lacpRate?: string;
  readonly xmitHashPolicy?: string;
  readonly miimon?: number;
  readonly updelay?: number;
  readonly downdelay?: number;
}

/**
 * One NIC selected by MAC address (or a bond of several), with static addressing. On contracts
 * ≤1.11 it becomes a `machine.network.interfaces` entry with a deviceSelector; on 1.12+ a
 * LinkAliasConfig (named `link`) plus LinkConfig/VLANConfig/BondConfig/Layer2VIPConfig documents.
 */
export interface NetworkInterfaceSpec {
  /** Selects the NIC; omit for a bond. */
  readonly mac?: string;
  /** Link name used on 1.12+ (alias of the NIC, or the bond name). Defaults to talhelper's `ethSel0`, `ethSel1`… or `bond0`. */
  readonly link?: string;
  readonly addresses?: readonly string[];
  readonly routes?: readonly RouteSpec[];
  readonly mtu?: number;
  readonly dhcp?: boolean;
  /** Shared layer-2 VIP (the API endpoint of a control plane). */
  readonly vip?: string;
  readonly vlans?: readonly VlanSpec[];
  readonly bond?: BondSpec;
}

/** Per-node settings applied on top of the generated config, the way talhelper applies a node. */
export interface NodeSpec {
  readonly hostname?: string;
  readonly installDisk?: InstallDiskTarget;
  /** Full installer image reference, e.g. `factory.talos.dev/metal-installer/<schematic>:v1.13.9`. */
  readonly installImage?: string;
  readonly interfaces?: readonly NetworkInterfaceSpec[];
  readonly nameservers?: readonly string[];
  readonly ntpServers?: readonly string[];
  /** kubelet nodeIP validSubnets. */
  readonly kubeletValidSubnets?: readonly string[];
  /** Extra SANs for this machine's Talos API certificate. */
  readonly certSans?: readonly string[];
}

/** Everything `renderMachineConfig` needs; the optional fields mirror Talos `generate.With…` options. */
export interface MachineConfigInput {
  readonly contract: TalosContract;
  readonly machineType: MachineType;
  readonly clusterName: string;
  /** Control plane endpoint URL, e.g. `https://192.168.31.240:6443`. */
  readonly endpoint: string;
  /** Kubernetes version without the `v` (a leading `v` is tolerated). */
  readonly kubernetesVersion: string;
  readonly secrets: SecretsBundle;
  /** Extra SANs for both the machine (Talos API) and the API server certificates. */
  readonly additionalSans?: readonly string[];
  readonly allowSchedulingOnControlPlanes?: boolean;
  readonly dnsDomain?: string;
  readonly podSubnets?: readonly string[];
  readonly serviceSubnets?: readonly string[];
  /** Install disk path (Talos `WithInstallDisk`); `node.installDisk` takes precedence. */
  readonly installDisk?: string;
  readonly installImage?: string;
  /** Dropped from 1.14 on, where the installer image carries the kernel arguments. */
  readonly installExtraKernelArgs?: readonly string[];
  readonly localApiServerPort?: number;
  readonly sysctls?: Readonly<Record<string, string>>;
  readonly cni?: CniConfig;
  readonly registryMirrors?: readonly RegistryMirror[];
  readonly node?: NodeSpec;
  /** Applied last, in order (talhelper: group patches, then node patches, then global patches). */
  readonly patches?: readonly ConfigPatch[];
}
