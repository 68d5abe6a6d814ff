import { isDeepStrictEqual } from "node:util";
import type { JsonSchema } from "./json-schema-types.js";

/**
 * A validator for the JSON Schema keywords the Talos config schemas use ($ref, type, enum, const,
 * properties, patternProperties, additionalProperties, required, items, minItems, oneOf, pattern,
 * minimum, maximum). Small on purpose: it runs inside the checker, on every node of a cluster with
 * user patches, and the schemas need nothing more. An unknown keyword is ignored, as in JSON Schema.
 */
export interface SchemaProblem {
  /** Where in the document: `machine.kubelet.extraArgs`, `keys[0].tpm`; empty for the root. */
  readonly path: string;
  readonly message: string;
}

type Defs = Readonly<Record<string, JsonSchema>>;

const patterns = new Map<string, RegExp>();

function regex(source: string): RegExp {
  let re = patterns.get(source);
  if (!re) {
    re = new RegExp(source, "u");
    patterns.set(source, re);
  }
  return re;
}

function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value === "object" ? "object" : typeof value;
}

function typeMatches(value: unknown, type: string): boolean {
  const actual = jsonType(value);
  return actual === type || (type === "number" && actual === "integer");
}

function child(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  // A patch file's keys are its content: only name-like keys are shown (`/etc/shadow` given as a
  // patch must not come back line by line in a diagnostic).
  const name = /^[A-Za-z0-9_-]+$/.test(key) ? key : /^[A-Za-z0-9_.\/-]{1,63}$/.test(key) ? JSON.stringify(key) : `<a key of ${key.length} characters>`;
  return path === "" ? name : `${path}.${name}`;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function describe(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

class Checker {
  readonly problems: SchemaProblem[] = [];

  constructor(private readonly defs: Defs) {}

  check(value: unknown, schema: JsonSchema, path: string): void {
    if (schema.$ref !== undefined) {
      const def = this.defs[schema.$ref.replace(/^#\/\$defs\//, "")];
      if (def) this.check(value, def, path);
    }
    if (schema.type !== undefined) {
      const types = typeof schema.type === "string" ? [schema.type] : schema.type;
      if (!types.some((t) => typeMatches(value, t))) {
        this.problems.push({ path, message: `must be ${types.map(article).join(" or ")}, not ${article(jsonType(value))}` });
        return;
      }
    }
    if (schema.enum !== undefined && !schema.enum.some((e) => isDeepStrictEqual(e, value))) {
      // The value itself is the file's content, so it is not quoted.
      this.problems.push({ path, message: `must be one of ${schema.enum.map(describe).join(", ")}` });
    }
    if (schema.const !== undefined && !isDeepStrictEqual(schema.const, value)) {
      this.problems.push({ path, message: `must be ${describe(schema.const)}` });
    }
    if (typeof value === "string" && schema.pattern !== undefined && !regex(schema.pattern).test(value)) {
      this.problems.push({ path, message: `does not match ${schema.pattern}` });
    }
    if (typeof value === "number") {
      if (schema.minimum !== undefined && value < schema.minimum) this.problems.push({ path, message: `must be at least ${schema.minimum}` });
      if (schema.maximum !== undefined && value > schema.maximum) this.problems.push({ path, message: `must be at most ${schema.maximum}` });
    }
    if (schema.oneOf !== undefined) this.oneOf(value, schema.oneOf, path);
    if (Array.isArray(value)) this.array(value, schema, path);
    else if (jsonType(value) === "object") this.object(value as Readonly<Record<string, unknown>>, schema, path);
  }

  private oneOf(value: unknown, branches: readonly JsonSchema[], path: string): void {
    const matching = branches.filter((b) => {
      const probe = new Checker(this.defs);
      probe.check(value, b, path);
      return probe.problems.length === 0;
    });
    if (matching.length !== 1) this.problems.push({ path, message: matching.length === 0 ? "matches none of the forms Talos accepts here" : "is ambiguous between several forms" });
  }

  private array(value: readonly unknown[], schema: JsonSchema, path: string): void {
    if (schema.minItems !== undefined && value.length < schema.minItems) this.problems.push({ path, message: `needs at least ${schema.minItems} item${schema.minItems === 1 ? "" : "s"}` });
    if (schema.items) value.forEach((item, i) => this.check(item, schema.items!, child(path, i)));
  }

  private object(value: Readonly<Record<string, unknown>>, schema: JsonSchema, path: string): void {
    for (const key of schema.required ?? []) {
      if (!(key in value)) this.problems.push({ path, message: `is missing the required field '${key}'` });
    }
    const hasShape = schema.properties !== undefined || schema.patternProperties !== undefined || schema.additionalProperties !== undefined;
    if (!hasShape) return;
    for (const [key, item] of Object.entries(value)) {
      const at = child(path, key);
      const property = schema.properties?.[key];
      const patterned = Object.entries(schema.patternProperties ?? {}).filter(([p]) => regex(p).test(key));
      if (property) this.check(item, property, at);
      for (const [, s] of patterned) this.check(item, s, at);
      if (property || patterned.length > 0) continue;
      if (schema.additionalProperties === false) this.problems.push({ path: at, message: "is not a field Talos knows here" });
      else if (typeof schema.additionalProperties === "object") this.check(item, schema.additionalProperties, at);
    }
  }
}

/** Every problem of `value` against `schema`, in document order. */
export function checkJsonSchema(value: unknown, schema: JsonSchema, defs: Defs): SchemaProblem[] {
  const checker = new Checker(defs);
  checker.check(value, schema, "");
  return checker.problems;
}
