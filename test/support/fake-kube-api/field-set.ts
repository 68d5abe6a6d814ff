/**
 * Field sets for server-side apply, as the API server tracks them in `metadata.managedFields`
 * (fieldsType FieldsV1). A set is a list of leaf paths. Simplification: every list is atomic
 * (owned as one leaf), which is what the few fields labc applies need; the real server merges
 * lists with `x-kubernetes-list-type: map` by key.
 */

export type FieldPath = readonly string[];

/** Fields that identify the object; they are never owned. */
const IDENTITY = new Set(["apiVersion", "kind", "metadata.name", "metadata.namespace"]);
/** Server-maintained metadata a client cannot own. */
const SERVER_METADATA = new Set(["uid", "resourceVersion", "generation", "creationTimestamp", "managedFields", "deletionTimestamp", "selfLink"]);

export function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Every leaf path of an applied configuration (scalars, lists and empty maps are leaves). */
export function leafPaths(obj: unknown, prefix: string[] = []): FieldPath[] {
  if (!isMap(obj) || (Object.keys(obj).length === 0 && prefix.length > 0)) return prefix.length ? [prefix] : [];
  const out: FieldPath[] = [];
  for (const [k, v] of Object.entries(obj)) {
    const path = [...prefix, k];
    if (IDENTITY.has(path.join("."))) continue;
    if (path.length === 2 && path[0] === "metadata" && SERVER_METADATA.has(k)) continue;
    out.push(...leafPaths(v, path));
  }
  return out;
}

export const key = (p: FieldPath): string => JSON.stringify(p);

export function getPath(obj: unknown, path: FieldPath): unknown {
  let cur: unknown = obj;
  for (const k of path) {
    if (!isMap(cur)) return undefined;
    cur = cur[k];
  }
  return cur;
}

export function setPath(obj: Record<string, unknown>, path: FieldPath, value: unknown): void {
  let cur = obj;
  for (const k of path.slice(0, -1)) {
    if (!isMap(cur[k])) cur[k] = {};
    cur = cur[k] as Record<string, unknown>;
  }
  cur[path[path.length - 1]!] = structuredClone(value);
}

/** Deletes a leaf and then any map it leaves empty (the server prunes emptied parents too). */
export function deletePath(obj: Record<string, unknown>, path: FieldPath): void {
  const parents: Record<string, unknown>[] = [obj];
  let cur: unknown = obj;
  for (const k of path.slice(0, -1)) {
    if (!isMap(cur) || !isMap(cur[k])) return;
    cur = cur[k];
    parents.push(cur as Record<string, unknown>);
  }
  delete (cur as Record<string, unknown>)[path[path.length - 1]!];
  for (let i = parents.length - 1; i > 0; i--) {
    if (Object.keys(parents[i]!).length === 0) delete parents[i - 1]![path[i - 1]!];
    else break;
  }
}

/** The FieldsV1 form: `{"f:spec":{"f:replicas":{}}}`. */
export function toFieldsV1(paths: readonly FieldPath[]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const p of paths) {
    let cur = root;
    for (const k of p) cur = (cur[`f:${k}`] ??= {}) as Record<string, unknown>;
  }
  return root;
}

export function fromFieldsV1(fields: unknown, prefix: string[] = []): FieldPath[] {
  if (!isMap(fields)) return [];
  const entries = Object.entries(fields).filter(([k]) => k.startsWith("f:"));
  if (entries.length === 0) return prefix.length ? [prefix] : [];
  return entries.flatMap(([k, v]) => fromFieldsV1(v, [...prefix, k.slice(2)]));
}

/** True when one path is the other or lies inside it (ownership of a map covers its leaves). */
export function overlaps(a: FieldPath, b: FieldPath): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  if (isMap(a) && isMap(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

/** The dotted form the API server prints in conflict messages: `.spec.names.kind`. */
export function dotted(p: FieldPath): string {
  return p.map((k) => `.${k}`).join("");
}
