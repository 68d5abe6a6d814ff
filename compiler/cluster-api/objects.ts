/** Kubernetes objects as plain JSON, and the few readers every command needs. */
export type KubeObject = Record<string, unknown> & {
  apiVersion?: string;
  kind?: string;
  metadata?: Record<string, unknown>;
};

export interface Condition {
  readonly type: string;
  readonly status: "True" | "False" | "Unknown";
  readonly reason?: string;
  readonly message?: string;
  readonly lastTransitionTime?: string;
  readonly observedGeneration?: number;
}

export function nameOf(o: KubeObject): string {
  return String(o.metadata?.["name"] ?? "");
}

export function namespaceOf(o: KubeObject): string | undefined {
  const ns = o.metadata?.["namespace"];
  return typeof ns === "string" ? ns : undefined;
}

export function labelsOf(o: KubeObject): Record<string, string> {
  const l = o.metadata?.["labels"];
  return typeof l === "object" && l !== null ? (l as Record<string, string>) : {};
}

export function conditionOf(o: KubeObject | undefined, type: string): Condition | undefined {
  const conditions = (o?.["status"] as { conditions?: unknown } | undefined)?.conditions;
  if (!Array.isArray(conditions)) return undefined;
  return conditions.find((c): c is Condition => typeof c === "object" && c !== null && (c as Condition).type === type);
}

export function resourceVersionOf(o: KubeObject | undefined): string | undefined {
  const rv = o?.metadata?.["resourceVersion"];
  return typeof rv === "string" ? rv : undefined;
}

/** `ns/name`, or `name` for cluster-scoped objects. */
export function refOf(o: KubeObject): string {
  const ns = namespaceOf(o);
  return ns ? `${ns}/${nameOf(o)}` : nameOf(o);
}
