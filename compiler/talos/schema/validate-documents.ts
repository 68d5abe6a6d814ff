import type { TalosContract } from "../releases.js";
import type { GoObject } from "../patch/patch.js";
import { checkJsonSchema, type SchemaProblem } from "./json-schema-check.js";
import type { TalosJsonSchema } from "./json-schema-types.js";
import { TALOS_SCHEMA_1_10 } from "./json/schema-v1-10.generated.js";
import { TALOS_SCHEMA_1_11 } from "./json/schema-v1-11.generated.js";
import { TALOS_SCHEMA_1_12 } from "./json/schema-v1-12.generated.js";
import { TALOS_SCHEMA_1_13 } from "./json/schema-v1-13.generated.js";
import { TALOS_SCHEMA_1_14 } from "./json/schema-v1-14.generated.js";

const SCHEMA_TEXT: Readonly<Record<TalosContract, string>> = {
  "1.10": TALOS_SCHEMA_1_10,
  "1.11": TALOS_SCHEMA_1_11,
  "1.12": TALOS_SCHEMA_1_12,
  "1.13": TALOS_SCHEMA_1_13,
  "1.14": TALOS_SCHEMA_1_14,
};

const parsed = new Map<TalosContract, TalosJsonSchema>();

/** Parsed once, when a check first needs that line (only clusters with user patches do). */
function schemaFor(contract: TalosContract): TalosJsonSchema {
  let schema = parsed.get(contract);
  if (!schema) {
    schema = JSON.parse(SCHEMA_TEXT[contract]) as TalosJsonSchema;
    parsed.set(contract, schema);
  }
  return schema;
}

export interface DocumentProblem extends SchemaProblem {
  /** Which document: `the v1alpha1 document`, `KubeletConfig`, `VolumeConfig STATE`. */
  readonly document: string;
}

function label(doc: GoObject): string {
  const kind = doc["kind"];
  if (typeof kind !== "string") return "the v1alpha1 document";
  return typeof doc["name"] === "string" ? `${kind} ${doc["name"]}` : kind;
}

/**
 * Checks machine-config documents against the published schema of their Talos release line, as
 * `validate-tree.mjs --talos <line>` does: the legacy document against v1alpha1 Config, every other
 * document against the def of its kind (a kind the line does not have is a problem of its own).
 */
export function validateTalosDocuments(contract: TalosContract, documents: readonly GoObject[]): DocumentProblem[] {
  const schema = schemaFor(contract);
  const problems: DocumentProblem[] = [];
  for (const doc of documents) {
    const document = label(doc);
    const kind = doc["kind"];
    const def = typeof kind === "string" ? schema.kinds[kind] : schema.legacy;
    if (def === undefined) {
      problems.push({ document, path: "kind", message: `is not a document kind of Talos ${contract}` });
      continue;
    }
    for (const p of checkJsonSchema(doc, { $ref: `#/$defs/${def}` }, schema.defs)) problems.push({ document, ...p });
  }
  return problems;
}
