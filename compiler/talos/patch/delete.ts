import type { GoValue } from "../yaml/go-encode.js";
import { TalosPatchError, type GoObject } from "./patch.js";

/**
 * `$patch: delete` in a strategic merge patch (Talos configloader decoder/delete.go):
 * - on a document: the matching document is removed;
 * - as the only key of a mapping value: that key is removed from the config;
 * - in a list element next to one `key: value`: the first element whose `key` equals `value`
 *   is removed from the config's list.
 * Selectors are applied before the rest of the patch is merged.
 */
export interface DeleteSelector {
  readonly path: readonly string[];
  readonly match?: { readonly key: string; readonly value: string };
}

export interface SplitPatch {
  readonly deleteDocument: boolean;
  readonly selectors: readonly DeleteSelector[];
  /** The patch without its delete markers. */
  readonly rest: GoObject;
}

const MARKER = "$patch";

function isObject(value: GoValue | undefined): value is GoObject {
  return value !== null && value !== undefined && typeof value === "object" && !Array.isArray(value);
}

function isDelete(value: GoObject): boolean {
  return value[MARKER] === "delete";
}

function strip(value: GoValue, path: string[], selectors: DeleteSelector[]): GoValue | undefined {
  if (Array.isArray(value)) {
    const out: GoValue[] = [];
    for (const item of value as readonly GoValue[]) {
      if (isObject(item) && isDelete(item)) {
        const keys = Object.keys(item).filter((k) => k !== MARKER);
        const key = keys[0];
        if (keys.length !== 1 || key === undefined) throw new TalosPatchError(`${path.join(".")}: a list element with $patch: delete needs exactly one other key`);
        selectors.push({ path, match: { key, value: String(item[key]) } });
        continue;
      }
      out.push(strip(item, path, selectors) as GoValue);
    }
    return out;
  }
  if (!isObject(value)) return value;
  const out: { [key: string]: GoValue } = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === MARKER) throw new TalosPatchError(`${path.join(".")}: $patch is only allowed alone or on list elements`);
    if (isObject(child) && isDelete(child)) {
      selectors.push({ path: [...path, key] });
      continue;
    }
    out[key] = strip(child, [...path, key], selectors) as GoValue;
  }
  return out;
}

export function splitDeletes(doc: GoObject): SplitPatch {
  if (isDelete(doc)) {
    const rest: { [key: string]: GoValue } = { ...doc };
    delete rest[MARKER];
    return { deleteDocument: true, selectors: [], rest };
  }
  const selectors: DeleteSelector[] = [];
  const rest = strip(doc, [], selectors) as GoObject;
  return { deleteDocument: false, selectors, rest };
}

/** Applies a selector to a (mutable copy of a) document; a missing target is an error, as in Talos. */
export function applySelector(doc: { [key: string]: GoValue }, selector: DeleteSelector): void {
  let node: GoValue = doc;
  const { path, match } = selector;
  const last = match ? path.length : path.length - 1;
  for (let i = 0; i < last; i++) {
    const next: GoValue | undefined = isObject(node) ? node[path[i] as string] : undefined;
    if (next === undefined || next === null) throw new TalosPatchError(`patch delete: path '${path.join(".")}' not found`);
    node = next;
  }
  if (match) {
    const list = node as GoValue[];
    const index = Array.isArray(list) ? list.findIndex((item) => isObject(item) && String(item[match.key]) === match.value) : -1;
    if (index < 0) throw new TalosPatchError(`patch delete: no element with ${match.key}=${match.value} in '${path.join(".")}'`);
    list.splice(index, 1);
    return;
  }
  const key = path[path.length - 1] as string;
  if (!isObject(node) || !(key in node)) throw new TalosPatchError(`patch delete: path '${path.join(".")}' not found`);
  delete (node as { [key: string]: GoValue })[key];
}
