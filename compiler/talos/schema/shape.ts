import { TALOS_KINDS, TALOS_TYPES, type FieldSpec } from "./talos-types.generated.js";

/**
 * What Go type sits behind a YAML node of a Talos document. Talos decodes every document into
 * Go structs and re-encodes it, so key order and merge behaviour follow from the shape.
 */
export type Shape =
  | { readonly kind: "struct"; readonly type: string }
  | { readonly kind: "list"; readonly item: Shape }
  | { readonly kind: "map"; readonly value: Shape }
  | { readonly kind: "free" }
  | { readonly kind: "scalar" };

export const SCALAR: Shape = { kind: "scalar" };
export const FREE: Shape = { kind: "free" };

/** Decodes the compact shape notation of the generated table. */
export function parseShape(spec: string | undefined): Shape {
  if (spec === undefined) return SCALAR;
  if (spec === "{}") return FREE;
  if (spec.startsWith("[]")) return { kind: "list", item: parseShape(spec.slice(2)) };
  if (spec.startsWith("{}")) return { kind: "map", value: parseShape(spec.slice(2)) };
  return { kind: "struct", type: spec };
}

export function structFields(type: string): readonly FieldSpec[] {
  return TALOS_TYPES[type] ?? [];
}

/** The shape of field `name` of a struct, or undefined when Talos has no such field. */
export function fieldShape(type: string, name: string): Shape | undefined {
  const field = structFields(type).find((f) => f[0] === name);
  return field === undefined ? undefined : parseShape(field[1]);
}

export const LEGACY_ROOT = "v1alpha1.Config";

/** Root type of a document: by `kind`, or the legacy v1alpha1 document when it has none. */
export function documentRootType(doc: { readonly [key: string]: unknown }): string | undefined {
  const kind = doc["kind"];
  if (typeof kind !== "string") return LEGACY_ROOT;
  return TALOS_KINDS[kind];
}

/** Named document kinds are told apart by `name` as well as `kind` when patches are matched. */
export function isNamedKind(rootType: string): boolean {
  return rootType !== LEGACY_ROOT && structFields(rootType).some((f) => f[0] === "name");
}
