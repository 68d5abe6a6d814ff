import { createHash } from "node:crypto";
import type { KubeObject } from "../objects.js";
import { SECRET_DATA_FIELDS } from "../../model/sops-rules.js";

/**
 * Field-level differences between what the cluster holds and what applying the build yields.
 * Secret values are replaced by their SHA-256 before comparing, so no plaintext ever reaches a
 * FieldChange, and the change is reported without any value.
 */

export interface FieldChange {
  /** `spec.values.replicas`, `spec.versions[0].name`, `data.api-token`. */
  readonly path: string;
  /** What applying the build does to the field. */
  readonly change: "added" | "changed" | "removed";
  /** Cluster and build values (short JSON); absent for Secret data. */
  readonly from?: string;
  readonly to?: string;
}

const SERVER_FIELDS = ["managedFields", "resourceVersion", "generation", "uid", "creationTimestamp", "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds"];
const REDACTED = "sha256:";

/** Drops what only the server writes, and hashes Secret values. */
export function normalize(o: KubeObject): KubeObject {
  const copy = structuredClone(o);
  delete copy["status"];
  for (const k of SERVER_FIELDS) delete copy.metadata?.[k];
  if (copy.kind === "Secret") {
    for (const field of ["data", "stringData"]) {
      const d = copy[field] as Record<string, string> | undefined;
      if (!d) continue;
      const bytes = (v: string) => (field === "data" ? Buffer.from(v, "base64") : Buffer.from(v, "utf8"));
      copy["data"] = { ...((copy["data"] as object) ?? {}), ...Object.fromEntries(Object.entries(d).map(([k, v]) => [k, REDACTED + createHash("sha256").update(bytes(String(v))).digest("hex")])) };
    }
    delete copy["stringData"];
  }
  return copy;
}

function flatten(value: unknown, path: string, out: Map<string, unknown>): void {
  if (Array.isArray(value)) {
    if (value.length === 0) out.set(path, []);
    value.forEach((v, i) => flatten(v, `${path}[${i}]`, out));
  } else if (value !== null && typeof value === "object") {
    const entries = Object.entries(value);
    if (entries.length === 0 && path) out.set(path, {});
    for (const [k, v] of entries) flatten(v, path ? `${path}.${k}` : k, out);
  } else out.set(path, value);
}

function show(v: unknown): string {
  const s = JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 79)}…` : s;
}

/** Every leaf that differs; `clientSide` compares only the fields the build sets (no removals known). */
export function fieldDiff(cluster: KubeObject, build: KubeObject, clientSide = false): FieldChange[] {
  const a = new Map<string, unknown>();
  const b = new Map<string, unknown>();
  flatten(normalize(cluster), "", a);
  flatten(normalize(build), "", b);
  const secret = build.kind === "Secret";
  const hidden = (path: string) => secret && SECRET_DATA_FIELDS.some((field) => path.startsWith(`${field}.`));
  const changes: FieldChange[] = [];
  for (const [path, to] of b) {
    if (!a.has(path)) changes.push({ path, change: "added", ...(hidden(path) ? {} : { to: show(to) }) });
    else if (JSON.stringify(a.get(path)) !== JSON.stringify(to)) changes.push({ path, change: "changed", ...(hidden(path) ? {} : { from: show(a.get(path)), to: show(to) }) });
  }
  if (!clientSide) for (const [path, from] of a) if (!b.has(path)) changes.push({ path, change: "removed", ...(hidden(path) ? {} : { from: show(from) }) });
  return changes.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
}
