import { isDeepStrictEqual } from "node:util";
import type { GoValue } from "../yaml/go-encode.js";
import { TalosPatchError, type GoObject, type JsonPatchOperation } from "./patch.js";

type Container = { [key: string]: GoValue } | GoValue[];

function tokens(pointer: string): string[] {
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) throw new TalosPatchError(`JSON pointer '${pointer}' must start with /`);
  return pointer.slice(1).split("/").map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function child(node: GoValue, token: string, pointer: string): GoValue {
  if (Array.isArray(node)) {
    const value = (node as GoValue[])[Number(token)];
    if (!/^\d+$/.test(token) || value === undefined) throw new TalosPatchError(`JSON pointer '${pointer}' not found`);
    return value;
  }
  if (node !== null && typeof node === "object" && token in node) return (node as GoObject)[token] as GoValue;
  throw new TalosPatchError(`JSON pointer '${pointer}' not found`);
}

function parentOf(root: GoValue, pointer: string): { parent: Container; key: string } {
  const path = tokens(pointer);
  const key = path.pop();
  if (key === undefined) throw new TalosPatchError("cannot patch the document root");
  let node = root;
  for (const token of path) node = child(node, token, pointer);
  if (node === null || typeof node !== "object") throw new TalosPatchError(`JSON pointer '${pointer}' not found`);
  return { parent: node as Container, key };
}

function get(root: GoValue, pointer: string): GoValue {
  let node = root;
  for (const token of tokens(pointer)) node = child(node, token, pointer);
  return node;
}

function remove(root: GoValue, pointer: string): GoValue {
  const { parent, key } = parentOf(root, pointer);
  const value = get(root, pointer);
  if (Array.isArray(parent)) parent.splice(Number(key), 1);
  else delete parent[key];
  return value;
}

function add(root: GoValue, pointer: string, value: GoValue): void {
  const { parent, key } = parentOf(root, pointer);
  if (Array.isArray(parent)) {
    const index = key === "-" ? parent.length : Number(key);
    if (!/^(\d+|-)$/.test(key) || index > parent.length) throw new TalosPatchError(`JSON pointer '${pointer}' is out of range`);
    parent.splice(index, 0, value);
  } else {
    parent[key] = value;
  }
}

/** RFC 6902 on one document (Talos refuses JSON patches for multi-document configs). */
export function applyJsonPatch(doc: GoObject, operations: readonly JsonPatchOperation[]): GoObject {
  const root = structuredClone(doc) as GoValue;
  for (const op of operations) {
    const value = op.value === undefined ? null : structuredClone(op.value);
    switch (op.op) {
      case "add":
        add(root, op.path, value);
        break;
      case "remove":
        remove(root, op.path);
        break;
      case "replace":
        remove(root, op.path);
        add(root, op.path, value);
        break;
      case "move":
        add(root, op.path, remove(root, op.from ?? ""));
        break;
      case "copy":
        add(root, op.path, structuredClone(get(root, op.from ?? "")));
        break;
      case "test":
        if (!isDeepStrictEqual(get(root, op.path), value)) throw new TalosPatchError(`JSON patch test failed at '${op.path}'`);
        break;
    }
  }
  return root as GoObject;
}
