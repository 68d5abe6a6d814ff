import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import type { KubeObject } from "./resources.js";

/** Objects tests seed the fake API with: nodes, small CRDs, Flux objects with conditions. */

export function node(name: string, ready: "True" | "False" | "Unknown" | undefined): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, labels: { "kubernetes.io/hostname": name } },
    spec: {},
    status: { conditions: ready === undefined ? [] : [{ type: "Ready", status: ready, reason: ready === "True" ? "KubeletReady" : "KubeletNotReady", message: ready === "True" ? "kubelet is posting ready status" : "container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:cni plugin not initialized" }] },
  };
}

/** A minimal CRD (one served and stored version, status subresource, no schema to speak of). */
export function crd(group: string, kind: string, plural: string, version: string, scope: "Namespaced" | "Cluster" = "Namespaced"): KubeObject {
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: `${plural}.${group}` },
    spec: {
      group,
      names: { kind, listKind: `${kind}List`, plural, singular: kind.toLowerCase() },
      scope,
      versions: [{ name: version, served: true, storage: true, subresources: { status: {} }, schema: { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } } }],
    },
  };
}

/** The Flux CRDs `labc status` reads (flux-operator installs them on a real cluster). */
export const FLUX_CRDS: readonly KubeObject[] = [
  crd("kustomize.toolkit.fluxcd.io", "Kustomization", "kustomizations", "v1"),
  crd("helm.toolkit.fluxcd.io", "HelmRelease", "helmreleases", "v2"),
  crd("source.toolkit.fluxcd.io", "OCIRepository", "ocirepositories", "v1"),
];

export function readyCondition(status: "True" | "False" | "Unknown", reason: string, message: string): Record<string, unknown> {
  return { type: "Ready", status, reason, message, lastTransitionTime: "2026-01-01T00:00:00Z", observedGeneration: 1 };
}

/**
 * A kubeconfig for the fake, shaped like talosctl's (one cluster, user and context). The fake
 * speaks plain HTTP on loopback; @kubernetes/client-node only sends requests to an http://
 * server when the cluster entry sets insecure-skip-tls-verify.
 */
export function writeKubeconfig(dir: string, server: string, token: string, name = "kubeconfig"): string {
  const path = join(dir, name);
  writeFileSync(
    path,
    stringify({
      apiVersion: "v1",
      kind: "Config",
      clusters: [{ name: "fake", cluster: { server, "insecure-skip-tls-verify": true } }],
      users: [{ name: "admin@fake", user: { token } }],
      contexts: [{ name: "admin@fake", context: { cluster: "fake", user: "admin@fake", namespace: "default" } }],
      "current-context": "admin@fake",
    }),
    { mode: 0o600 },
  );
  return path;
}
