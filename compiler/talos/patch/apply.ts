import { canonicalizeDocument } from "../schema/canonical.js";
import { applyJsonPatch } from "./json-patch.js";
import { TalosPatchError, type ConfigPatch, type GoObject } from "./patch.js";
import { applyStrategicPatch } from "./strategic-merge.js";

/**
 * Applies patches in order, as Talos configpatcher.Apply does, and returns the documents in the
 * form Talos re-encodes them (struct field order, sorted maps).
 */
export function applyConfigPatches(documents: readonly GoObject[], patches: readonly ConfigPatch[]): GoObject[] {
  let docs: GoObject[] = documents.slice();
  for (const patch of patches) {
    if (patch.kind === "strategic") {
      docs = applyStrategicPatch(docs, patch.documents);
    } else {
      const [only, ...others] = docs;
      if (only === undefined || others.length > 0) {
        throw new TalosPatchError("JSON6902 patches are not supported for multi-document machine configuration");
      }
      docs = [applyJsonPatch(only, patch.operations)];
    }
  }
  return docs.map((d) => canonicalizeDocument(d, true));
}
