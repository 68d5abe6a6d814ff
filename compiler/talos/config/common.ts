import type { GoValue } from "../yaml/go-encode.js";
import type { MachineConfigInput } from "./input.js";

export type Doc = { [key: string]: GoValue };

/** Talos constants: component images and defaults used by the generator. */
export const IMAGES = {
  kubelet: "ghcr.io/siderolabs/kubelet",
  apiServer: "registry.k8s.io/kube-apiserver",
  controllerManager: "registry.k8s.io/kube-controller-manager",
  scheduler: "registry.k8s.io/kube-scheduler",
  proxy: "registry.k8s.io/kube-proxy",
} as const;

export const DEFAULT_KUBEPRISM_PORT = 7445;
export const DEFAULT_DNS_DOMAIN = "cluster.local";
export const DISCOVERY_SERVICE_ENDPOINT = "https://discovery.talos.dev/";
export const LABEL_EXCLUDE_FROM_LB = "node.kubernetes.io/exclude-from-external-load-balancers";
export const LABEL_CONTROL_PLANE = "node-role.kubernetes.io/control-plane";

export function image(repository: string, input: MachineConfigInput): string {
  return `${repository}:v${input.kubernetesVersion.replace(/^v/, "")}`;
}

/** An IPv6 literal endpoint switches the default pod/service networks to IPv6, as in NewInput. */
function endpointIsIpv6(endpoint: string): boolean {
  return /^\[?[0-9a-fA-F:]+\]?$/.test(endpoint) && endpoint.includes(":");
}

export function podSubnets(input: MachineConfigInput): string[] {
  if (input.podSubnets) return [...input.podSubnets];
  return [endpointIsIpv6(input.endpoint) ? "fc00:db8:10::/56" : "10.244.0.0/16"];
}

export function serviceSubnets(input: MachineConfigInput): string[] {
  if (input.serviceSubnets) return [...input.serviceSubnets];
  return [endpointIsIpv6(input.endpoint) ? "fc00:db8:20::/112" : "10.96.0.0/12"];
}

export function endpointHost(endpoint: string): string {
  return new URL(endpoint).hostname.replace(/^\[(.*)\]$/, "$1");
}

/** k8s.DefaultPodSecurityAdmissionControlConfig: baseline enforced, restricted audited/warned. */
export function podSecurityConfiguration(): Doc {
  return {
    apiVersion: "pod-security.admission.config.k8s.io/v1alpha1",
    defaults: {
      audit: "restricted",
      "audit-version": "latest",
      enforce: "baseline",
      "enforce-version": "latest",
      warn: "restricted",
      "warn-version": "latest",
    },
    exemptions: { namespaces: ["kube-system"], runtimeClasses: [], usernames: [] },
    kind: "PodSecurityConfiguration",
  };
}

/** v1alpha1.APIServerDefaultAuditPolicy. */
export function auditPolicy(): Doc {
  return { apiVersion: "audit.k8s.io/v1", kind: "Policy", rules: [{ level: "Metadata" }] };
}

export function isControlPlane(input: MachineConfigInput): boolean {
  return input.machineType === "controlplane";
}

export interface InstallTarget {
  readonly disk?: string;
  readonly selector?: { readonly serial?: string; readonly model?: string; readonly busPath?: string };
  readonly image?: string;
}

/** The node's install disk/image win over the cluster-wide generator options. */
export function installTarget(input: MachineConfigInput): InstallTarget {
  const nodeDisk = input.node?.installDisk;
  const image = input.node?.installImage ?? input.installImage;
  const base = image ? { image } : {};
  if (nodeDisk && "path" in nodeDisk) return { ...base, disk: nodeDisk.path };
  if (nodeDisk && "selector" in nodeDisk) return { ...base, selector: nodeDisk.selector };
  return input.installDisk ? { ...base, disk: input.installDisk } : base;
}
