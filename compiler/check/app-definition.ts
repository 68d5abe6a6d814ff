import type * as ast from "../../lang/syntax/ast.js";
import type { AppDefinition } from "../../stdlib/types.js";
import { T, type FieldSpec } from "./fields/field-types.js";
import { paramFieldType } from "./fields/param-types.js";
import { appSchema } from "./schemas.js";

export type Definitions = ReadonlyMap<string, AppDefinition>;

/**
 * The stdlib definition an app declaration starts from: `from std.x` wins, else
 * `chart = std.x` (an unknown x falls back to the app's own name, which the checker reports),
 * else no definition for `chart = oci(…)`, else the app's own name (`app cilium { … }`).
 * The checker, the language server and the model all resolve through this one rule.
 */
export function appDefinition(decl: ast.Declaration, definitions: Definitions): AppDefinition | undefined {
  if (decl.from) {
    const parts = decl.from.path.map((p) => p.name);
    return parts.length === 2 && parts[0] === "std" ? definitions.get(parts[1]!) : undefined;
  }
  const byName = decl.name ? definitions.get(decl.name.name) : undefined;
  const chart = decl.body?.entries.find((e) => e.key.name === "chart")?.value;
  if (chart?.kind === "Reference") {
    const parts = chart.path.map((p) => p.name);
    return (parts.length === 2 && parts[0] === "std" ? definitions.get(parts[1]!) : undefined) ?? byName;
  }
  if (chart?.kind === "Call" && chart.callee.path.length === 1 && chart.callee.path[0]!.name === "oci") return undefined;
  return byName;
}

/** The fields of an app's body: the common app fields and its definition's parameters, typed. */
export function appBodySchema(definition: AppDefinition | undefined): Record<string, FieldSpec> {
  const schema: Record<string, FieldSpec> = { ...appSchema };
  for (const [name, spec] of Object.entries(definition?.params ?? {})) {
    const type = spec.type === "integer" && spec.range ? T.integer(spec.range[0], spec.range[1]) : paramFieldType(spec.type);
    schema[name] = { type, doc: spec.doc, ...(spec.required ? { required: true } : {}) };
  }
  return schema;
}
