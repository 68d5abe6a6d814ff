/** The resource types the fake API server serves: a few built-ins, plus whatever CRDs define. */

export type KubeObject = Record<string, unknown> & { metadata?: Record<string, unknown> };

export interface ResourceType {
  /** "" for the core group. */
  readonly group: string;
  readonly version: string;
  /** Plural, as in the URL. */
  readonly resource: string;
  readonly singular: string;
  readonly kind: string;
  readonly namespaced: boolean;
  readonly statusSubresource: boolean;
}

export const BUILTIN_TYPES: readonly ResourceType[] = [
  { group: "", version: "v1", resource: "namespaces", singular: "namespace", kind: "Namespace", namespaced: false, statusSubresource: true },
  { group: "", version: "v1", resource: "nodes", singular: "node", kind: "Node", namespaced: false, statusSubresource: true },
  { group: "", version: "v1", resource: "secrets", singular: "secret", kind: "Secret", namespaced: true, statusSubresource: false },
  { group: "", version: "v1", resource: "configmaps", singular: "configmap", kind: "ConfigMap", namespaced: true, statusSubresource: false },
  { group: "apiextensions.k8s.io", version: "v1", resource: "customresourcedefinitions", singular: "customresourcedefinition", kind: "CustomResourceDefinition", namespaced: false, statusSubresource: true },
];

export function groupVersion(t: { group: string; version: string }): string {
  return t.group ? `${t.group}/${t.version}` : t.version;
}

/** The served versions of an established CRD, as resource types. */
export function typesOfCrd(crd: KubeObject): ResourceType[] {
  const spec = crd["spec"] as Record<string, unknown> | undefined;
  const status = crd["status"] as { conditions?: { type: string; status: string }[] } | undefined;
  if (!spec || !status?.conditions?.some((c) => c.type === "Established" && c.status === "True")) return [];
  const names = spec["names"] as Record<string, string>;
  const versions = (spec["versions"] as { name: string; served?: boolean; subresources?: { status?: unknown } }[] | undefined) ?? [];
  return versions
    .filter((v) => v.served !== false)
    .map((v) => ({
      group: String(spec["group"]),
      version: v.name,
      resource: names["plural"]!,
      singular: names["singular"] ?? names["kind"]!.toLowerCase(),
      kind: names["kind"]!,
      namespaced: spec["scope"] === "Namespaced",
      statusSubresource: v.subresources?.status !== undefined,
    }));
}
