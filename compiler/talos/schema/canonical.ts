import type { GoValue } from "../yaml/go-encode.js";
import { FREE, documentRootType, parseShape, structFields, type Shape } from "./shape.js";

type GoObject = { readonly [key: string]: GoValue };

function isObject(value: GoValue): value is GoObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Go's encoder walks maps in byte order of their keys (Talos encoder sorts them explicitly). */
function sortedKeys(obj: GoObject): string[] {
  return Object.keys(obj).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Re-orders a value the way Talos would write it after decoding it into its Go type: struct
 * fields in declaration order, map keys sorted. Keys unknown to the schema keep their place
 * after the known ones (Talos itself would reject them; the validator reports them).
 */
export function canonicalize(value: GoValue, shape: Shape): GoValue {
  if (Array.isArray(value)) {
    const item = shape.kind === "list" ? shape.item : shape.kind === "free" ? FREE : shape;
    return (value as readonly GoValue[]).map((v) => canonicalize(v, item));
  }
  if (!isObject(value)) return value;
  const out: { [key: string]: GoValue } = {};
  if (shape.kind === "struct") {
    const fields = structFields(shape.type);
    for (const [name, spec] of fields) {
      const v = value[name];
      if (v !== undefined) out[name] = canonicalize(v, parseShape(spec));
    }
    for (const key of Object.keys(value)) {
      if (!(key in out)) out[key] = canonicalize(value[key] as GoValue, FREE);
    }
    return out;
  }
  const inner = shape.kind === "map" ? shape.value : FREE;
  for (const key of sortedKeys(value)) out[key] = canonicalize(value[key] as GoValue, inner);
  return out;
}

/** Canonical form of a whole Talos document (legacy v1alpha1 or a multi-doc kind). */
export function canonicalizeDocument(doc: GoObject): GoObject {
  const root = documentRootType(doc);
  if (root === undefined) return doc;
  return canonicalize(doc, { kind: "struct", type: root }) as GoObject;
}
