import type { GoValue } from "../yaml/go-encode.js";
import { FREE, LEGACY_ROOT, documentRootType, fieldShape, isNamedKind, type Shape } from "../schema/shape.js";
import { applySelector, splitDeletes } from "./delete.js";
import { mergeRule, type ListRule } from "./merge-rules.js";
import { TalosPatchError, type GoObject } from "./patch.js";

type MutableObject = { [key: string]: GoValue };

function isObject(value: GoValue | undefined): value is GoObject {
  return value !== null && value !== undefined && typeof value === "object" && !Array.isArray(value);
}

function clone<T extends GoValue>(value: T): T {
  return structuredClone(value);
}

/** Go merge.Merge on a scalar: the right side wins unless it is the zero value; false always wins. */
function mergeScalar(left: GoValue | undefined, right: GoValue): GoValue {
  if (right === "" || right === 0) return left ?? right;
  return right;
}

function mergeList(left: GoValue | undefined, right: readonly GoValue[], item: Shape, rule: ListRule | undefined): GoValue {
  if (rule?.kind === "replace" || !Array.isArray(left)) return clone(right as GoValue[]);
  const out = clone(left as GoValue[]);
  if (rule?.kind === "mergeBy") {
    for (const element of right) {
      const key = rule.key(element);
      const index = key === undefined ? -1 : out.findIndex((e) => rule.key(e) === key);
      if (index >= 0) out[index] = mergeValue(out[index], element, item);
      else out.push(clone(element));
    }
    return out;
  }
  return [...out, ...clone(right as GoValue[])];
}

/** Talos strategic merge of `right` into `left`, guided by the Go type (`shape`) of the value. */
export function mergeValue(left: GoValue | undefined, right: GoValue, shape: Shape, rule?: ListRule): GoValue {
  if (right === null) return left ?? null;
  if (Array.isArray(right)) {
    const item = shape.kind === "list" ? shape.item : FREE;
    return mergeList(left, right as readonly GoValue[], item, rule);
  }
  if (!isObject(right)) return mergeScalar(left, right);
  if (rule?.kind === "replace" && Object.keys(right).length > 0) return clone(right);
  if (!isObject(left)) return clone(right);
  const out: MutableObject = clone(left) as MutableObject;
  for (const [key, value] of Object.entries(right)) {
    if (shape.kind === "struct") {
      const child = fieldShape(shape.type, key) ?? FREE;
      out[key] = mergeValue(out[key], value, child, mergeRule(shape.type, key));
    } else {
      const child = shape.kind === "map" ? shape.value : FREE;
      const existing = out[key];
      if (existing !== undefined && existing !== null && Array.isArray(existing) !== Array.isArray(value)) {
        throw new TalosPatchError(`merge type mismatch for key '${key}'`);
      }
      out[key] = existing === undefined || existing === null ? clone(value) : mergeValue(existing, value, child);
    }
  }
  return out;
}

function sameDocument(doc: GoObject, patch: GoObject, rootType: string): boolean {
  if (rootType === LEGACY_ROOT) return documentRootType(doc) === LEGACY_ROOT;
  if (doc["kind"] !== patch["kind"]) return false;
  return !isNamedKind(rootType) || doc["name"] === patch["name"];
}

/** Header keys that identify a document; a patch holding only these changes nothing. */
const IDENTITY = new Set(["apiVersion", "kind", "name", "version"]);

/** Applies one strategic merge patch (all its documents) to a machine config's documents. */
export function applyStrategicPatch(documents: readonly GoObject[], patchDocs: readonly GoObject[]): GoObject[] {
  const docs: MutableObject[] = documents.map((d) => clone(d) as MutableObject);
  for (const patchDoc of patchDocs) {
    const rootType = documentRootType(patchDoc);
    if (rootType === undefined) throw new TalosPatchError(`patch document kind '${String(patchDoc["kind"])}' is not a Talos config document`);
    const { deleteDocument, selectors, rest } = splitDeletes(patchDoc);
    const index = docs.findIndex((d) => sameDocument(d, rest, rootType));
    if (deleteDocument) {
      if (index < 0) throw new TalosPatchError(`patch delete: no ${String(rest["kind"] ?? "v1alpha1")} document to delete`);
      docs.splice(index, 1);
      continue;
    }
    const target = docs[index];
    for (const selector of selectors) {
      if (!target) throw new TalosPatchError(`patch delete: no ${String(rest["kind"] ?? "v1alpha1")} document`);
      applySelector(target, selector);
    }
    if (Object.keys(rest).every((k) => IDENTITY.has(k)) && selectors.length > 0) continue;
    if (target) docs[index] = mergeValue(target, rest, { kind: "struct", type: rootType }) as MutableObject;
    else docs.push(clone(rest) as MutableObject);
  }
  return docs;
}
