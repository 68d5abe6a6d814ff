import { parseAllDocuments } from "yaml";
import type { GoValue } from "../yaml/go-encode.js";
import { withGoIntegers } from "../yaml/go-int-tags.js";

export type GoObject = { readonly [key: string]: GoValue };

export interface JsonPatchOperation {
  readonly op: "add" | "remove" | "replace" | "move" | "copy" | "test";
  readonly path: string;
  readonly from?: string;
  readonly value?: GoValue;
}

/** A Talos config patch: strategic merge (one or more documents) or an RFC 6902 JSON patch. */
export type ConfigPatch =
  | { readonly kind: "strategic"; readonly documents: readonly GoObject[] }
  | { readonly kind: "json6902"; readonly operations: readonly JsonPatchOperation[] };

/** Raised for a patch Talos would refuse: bad shape, failed delete lookup, failed `test`. */
export class TalosPatchError extends Error {
  override readonly name = "TalosPatchError";
}

const OPS = new Set(["add", "remove", "replace", "move", "copy", "test"]);

function isObject(value: unknown): value is GoObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function asOperations(value: unknown): JsonPatchOperation[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  if (!value.every((op) => isObject(op) && typeof op["op"] === "string" && OPS.has(op["op"]) && typeof op["path"] === "string")) return undefined;
  return value as JsonPatchOperation[];
}

/**
 * Reads a patch the way Talos configpatcher.LoadPatch does: a YAML/JSON list of operations is an
 * RFC 6902 patch, anything else is a (possibly multi-document) strategic merge patch.
 */
export function parseConfigPatch(text: string): ConfigPatch {
  const docs = parseAllDocuments(text, { customTags: withGoIntegers });
  for (const doc of docs) {
    if (doc.errors.length > 0) throw new TalosPatchError(`patch is not valid YAML: ${doc.errors[0]?.message ?? ""}`);
  }
  const values = docs.map((d) => d.toJS() as unknown).filter((v) => v !== null && v !== undefined);
  if (values.length === 1) {
    const operations = asOperations(values[0]);
    if (operations) return { kind: "json6902", operations };
  }
  const documents = values.map((v, i) => {
    if (!isObject(v)) throw new TalosPatchError(`patch document ${i + 1} is not a mapping`);
    return v;
  });
  return { kind: "strategic", documents };
}
