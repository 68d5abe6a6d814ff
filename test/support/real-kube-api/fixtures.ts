import { existsSync, readFileSync } from "node:fs";
import { upstreamPath } from "../paths.js";
import type { KubeApi, KubeObject } from "./client.js";

/** Objects the tests seed a real API server with: nodes as a kubelet registers them, small CRDs, Flux conditions. */

/**
 * Registers a node the way a kubelet does: the Node object, then its Ready condition through
 * the status subresource (the server ignores status on the object itself).
 */
export async function registerNode(api: KubeApi, name: string, ready: "True" | "False" | "Unknown" | undefined): Promise<void> {
  await api.apply({ apiVersion: "v1", kind: "Node", metadata: { name, labels: { "kubernetes.io/hostname": name } } }, "kubelet");
  const now = new Date().toISOString().replace(/\.\d+Z$/, "Z");
  const conditions = ready === undefined ? [] : [{
    type: "Ready",
    status: ready,
    reason: ready === "True" ? "KubeletReady" : "KubeletNotReady",
    message: ready === "True" ? "kubelet is posting ready status" : "container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:cni plugin not initialized",
    lastHeartbeatTime: now,
    lastTransitionTime: now,
  }];
  await api.setStatus("v1", "Node", undefined, name, { conditions }, "kubelet");
}

/**
 * A minimal CRD (one served and stored version, status subresource, any fields). Groups ending
 * in k8s.io are protected: the server refuses such a CRD without the API-approval annotation
 * that the real upstream CRDs carry.
 */
export function crd(group: string, kind: string, plural: string, version: string, scope: "Namespaced" | "Cluster" = "Namespaced"): KubeObject {
  const protectedGroup = group === "k8s.io" || group.endsWith(".k8s.io") || group === "kubernetes.io" || group.endsWith(".kubernetes.io");
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: `${plural}.${group}`, ...(protectedGroup ? { annotations: { "api-approved.kubernetes.io": "unapproved, test fixture" } } : {}) },
    spec: {
      group,
      names: { kind, listKind: `${kind}List`, plural, singular: kind.toLowerCase() },
      scope,
      versions: [{ name: version, served: true, storage: true, subresources: { status: {} }, schema: { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } } }],
    },
  };
}

/** The JSON Schema vendored for a kind (test/upstream/SOURCES.md), if there is one. */
function vendoredSchema(group: string, kind: string, version: string): Record<string, unknown> | undefined {
  const file = upstreamPath("schemas", "crds", group, `${kind.toLowerCase()}_${version}.json`);
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>) : undefined;
}

/**
 * The vendored schemas are the upstream CRDs' openAPIV3Schema with `additionalProperties: false`
 * added for strict validators; a CRD schema may not have it beside `properties`, so it goes.
 */
function openApiSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(openApiSchema);
  if (!schema || typeof schema !== "object") return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) if (!(k === "additionalProperties" && v === false)) out[k] = openApiSchema(v);
  return out;
}

/**
 * A CRD with the upstream schema of the kind where one is vendored (so the server validates
 * the objects, CEL rules included, and fills in their defaults, as on a cluster), else a
 * minimal one that accepts any fields.
 */
export function upstreamCrd(group: string, kind: string, plural: string, version: string, scope: "Namespaced" | "Cluster" = "Namespaced"): KubeObject {
  const out = crd(group, kind, plural, version, scope);
  const schema = vendoredSchema(group, kind, version);
  if (schema) (out["spec"] as { versions: { schema: unknown }[] }).versions[0]!.schema = { openAPIV3Schema: openApiSchema(schema) };
  return out;
}

/** The Flux CRDs `labc status` reads (flux-operator installs them on a real cluster), with their upstream schemas. */
export const FLUX_CRDS: readonly KubeObject[] = [
  upstreamCrd("kustomize.toolkit.fluxcd.io", "Kustomization", "kustomizations", "v1"),
  upstreamCrd("helm.toolkit.fluxcd.io", "HelmRelease", "helmreleases", "v2"),
  upstreamCrd("source.toolkit.fluxcd.io", "OCIRepository", "ocirepositories", "v1"),
];

/** Applies CRDs (as a chart would) and waits until the server serves them. */
export async function installCrds(api: KubeApi, crds: readonly KubeObject[], manager = "helm"): Promise<void> {
  for (const c of crds) await api.apply(c, manager);
  await api.established(crds.map((c) => String(c.metadata!["name"])));
  // Established comes a moment before discovery lists the kinds.
  for (const c of crds) {
    const spec = c["spec"] as { group: string; names: { kind: string }; versions: { name: string }[] };
    for (let i = 0; !(await api.serves(`${spec.group}/${spec.versions[0]!.name}`, spec.names.kind)); i++) {
      if (i > 100) throw new Error(`${spec.names.kind} is Established but not served`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

export function readyCondition(status: "True" | "False" | "Unknown", reason: string, message: string): Record<string, unknown> {
  return { type: "Ready", status, reason, message, lastTransitionTime: "2026-01-01T00:00:00Z", observedGeneration: 1 };
}
