import type * as ast from "../../../lang/syntax/ast.js";
import type { LockedVersions } from "../../model/version-pins.js";
import type { Reporter } from "../../../lang/diagnostics/reporter.js";
import type { Span } from "../../../lang/diagnostics/span.js";
import { declaredList, didYouMean } from "../util/suggest.js";
import { describeType, type FieldSpec, type FieldType, type SymbolKind } from "./field-types.js";
import type { Located } from "./located.js";
import type { SourceFiles } from "../source-files.js";
import { readAddress, readCidr, readIPv4, readMac, readString, readVersion, wrongType } from "./read-literal.js";
import { readChart, readDisk, readFile, readRepository, readRoute, readSecretSource } from "./read-calls.js";
import { readValues } from "./read-values.js";
import { readRecipients } from "./read-recipients.js";
import { readSchematicCustomization, readSchematicId } from "./read-schematic.js";

export interface ReadContext {
  readonly reporter: Reporter;
  /** Declared names per kind, for resolving references. */
  readonly symbols: ReadonlyMap<SymbolKind, ReadonlyMap<string, Span>>;
  /** Files named with file("…") (Talos patches). */
  readonly files: SourceFiles;
  /** The entry file's directory, which a secret's file("…") is relative to. */
  readonly secretRoot: string;
  /** versions.lock.yaml's versions (a stdlib chart's version when cluster.lab sets none). */
  readonly locked?: LockedVersions;
}

export type Fields = ReadonlyMap<string, Located<unknown>>;

/** One entry of a named-records field: `storage { … }` inside `nics { … }`. */
export interface NamedRecord {
  readonly name: string;
  readonly nameSpan: Span;
  readonly fields: Fields;
  /** Every key written, read successfully or not (so a bad value is not also "missing"). */
  readonly written: ReadonlySet<string>;
  readonly block: ast.Block;
  readonly span: Span;
}

/**
 * Reads a declaration body against its schema: unknown fields (with a did-you-mean), fields
 * set twice, missing required fields, and each value's type. Returns what could be read.
 */
export function readBlock(
  block: ast.Block | undefined,
  schema: Readonly<Record<string, FieldSpec>>,
  ctx: ReadContext,
  owner: { readonly what: string; readonly span: Span },
): Fields {
  const out = new Map<string, Located<unknown>>();
  const seen = new Map<string, ast.Entry>();
  for (const entry of block?.entries ?? []) {
    const name = entry.key.name;
    // Own keys only: a field called `toString` or `__proto__` is unknown, not Object.prototype's.
    const spec = Object.hasOwn(schema, name) ? schema[name] : undefined;
    if (!spec) {
      const hint = didYouMean(name, Object.keys(schema));
      const suggestion = hint ? hint.slice(hint.indexOf("'") + 1, hint.lastIndexOf("'")) : undefined;
      ctx.reporter.report("unknownField", entry.key.span, `${owner.what} has no field '${name}'${hint}`, {
        ...(suggestion ? { fix: { message: `rename to '${suggestion}'`, edits: [{ span: entry.key.span, newText: suggestion }] } } : {}),
      });
      continue;
    }
    const earlier = seen.get(name);
    if (earlier) {
      ctx.reporter.report("duplicateField", entry.key.span, `'${name}' is set twice in ${owner.what}`, {
        related: [{ span: earlier.key.span, message: "first set here" }],
      });
      continue;
    }
    seen.set(name, entry);
    const value = readField(entry.value, spec.type, ctx);
    if (value !== undefined) out.set(name, { value, span: entry.value.span });
  }
  for (const [name, spec] of Object.entries(schema)) {
    if (spec.required && !seen.has(name)) {
      ctx.reporter.report("missingField", owner.span, `${owner.what} is missing '${name}': ${spec.doc}`, { fix: addFieldFix(block, owner.span, name, placeholder(spec.type)) });
    }
  }
  return out;
}

/** A fix that adds `name = value` as the block's last line: a zero-width insertion before its closing brace. */
export function addFieldFix(block: ast.Block | undefined, fallback: Span, name: string, value: string): { message: string; edits: { span: Span; newText: string }[] } {
  const at = block ? { ...block.span, start: block.span.end } : fallback;
  const point = insertionPoint(block, at);
  return { message: `add '${name} = …'`, edits: [{ span: { file: at.file, start: point, end: point }, newText: `  ${name} = ${value}\n` }] };
}

function insertionPoint(block: ast.Block | undefined, at: Span): Span["start"] {
  // Before the closing brace, so the new field lands inside the block.
  if (!block) return at.start;
  const end = block.span.end;
  return { line: end.line, column: Math.max(1, end.column - 1), offset: Math.max(0, end.offset - 1) };
}

/** A value of the type that reads (not one that is right for this cluster): what a fix writes for the user to replace. */
export function placeholder(type: FieldType): string {
  switch (type.kind) {
    case "ipv4":
      return "192.168.1.10";
    case "cidr":
      return "192.168.1.0/24";
    case "version":
      return "v1.0.0";
    case "mac":
      return "00:00:00:00:00:00";
    case "boolean":
      return "false";
    case "integer":
      return String(type.min ?? 0);
    case "enum":
      return type.values[0] ?? '""';
    case "list":
      return "[]";
    case "repository":
      return 'github("owner/repo")';
    case "disk":
      return '"/dev/sda"';
    case "file":
      return 'file("")';
    default:
      return '""';
  }
}

export function readField(value: ast.Value, type: FieldType, ctx: ReadContext): unknown {
  const r = ctx.reporter;
  switch (type.kind) {
    case "string":
      return readString(value, r);
    case "dns-name": {
      const s = readString(value, r);
      if (s !== undefined && !/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(s)) {
        r.report("invalidLiteral", value.span, `'${s}' is not a domain name such as example.com (lower case, no scheme or trailing dot)`);
        return undefined;
      }
      return s;
    }
    case "version":
      return readVersion(value, r);
    case "ipv4":
      return readIPv4(value, r);
    case "address":
      return readAddress(value, r);
    case "cidr":
      return readCidr(value, r);
    case "mac":
      return readMac(value, r);
    case "integer":
      return readInteger(value, type, r);
    case "boolean":
      if (value.kind === "Boolean") return value.value;
      return wrongType(value, "true or false", r);
    case "duration":
      if (value.kind === "Duration") return value.raw;
      return wrongType(value, "a duration such as 5m", r);
    case "enum":
      return readEnum(value, type.values, r);
    case "ref":
      return readRef(value, type.target, ctx);
    case "list": {
      if (value.kind !== "List") {
        if (value.kind === "Missing") return wrongType(value, describeType(type), r);
        r.report("typeMismatch", value.span, `expected ${describeType(type)}; put the value in brackets`, {
          fix: {
            message: "wrap in [ ]",
            edits: [
              { span: { ...value.span, end: value.span.start }, newText: "[" },
              { span: { ...value.span, start: value.span.end }, newText: "]" },
            ],
          },
        });
        return undefined;
      }
      const items: Located<unknown>[] = [];
      for (const item of value.items) {
        const v = readField(item, type.item, ctx);
        if (v !== undefined) items.push({ value: v, span: item.span });
      }
      return items;
    }
    case "values":
      if (value.kind !== "Block") return wrongType(value, "a block of values: values { key = value }", r);
      return readValues(value, r);
    case "repository":
      return readRepository(value, r);
    case "secret-source":
      return readSecretSource(value, r);
    case "route":
      return readRoute(value, r);
    case "disk":
      return readDisk(value, r);
    case "chart":
      return readChart(value, r);
    case "file":
      return readFile(value, r);
    case "recipients":
      return readRecipients(value, r);
    case "record":
      if (value.kind !== "Block") return wrongType(value, describeType(type), r);
      return readBlock(value, type.schema, ctx, { what: type.what, span: value.span });
    case "named-records":
      return readNamedRecords(value, type, ctx);
    case "schematic":
      if (value.kind === "Block") return readSchematicCustomization(readBlock(value, type.schema, ctx, { what: "the schematic", span: value.span }), value.span, r);
      return readSchematicId(value, r);
  }
}

function readNamedRecords(value: ast.Value, type: Extract<FieldType, { kind: "named-records" }>, ctx: ReadContext): NamedRecord[] | undefined {
  const r = ctx.reporter;
  if (value.kind !== "Block") return wrongType(value, describeType(type), r);
  const out: NamedRecord[] = [];
  const seen = new Map<string, ast.Entry>();
  for (const entry of value.entries) {
    const name = entry.key.name;
    if (entry.value.kind !== "Block") {
      wrongType(entry.value, `a block: ${name} { ${Object.keys(type.schema).slice(0, 3).join(" = …  ")} = … }`, r);
      continue;
    }
    if (!/^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/.test(name)) {
      r.report("notDnsLabel", entry.key.span, `'${name}' is not a name for ${type.what}: use lower-case letters, digits and '-', starting with a letter`);
      continue;
    }
    const earlier = seen.get(name);
    if (earlier) {
      r.report("duplicateField", entry.key.span, `${type.what} '${name}' is declared twice`, { related: [{ span: earlier.key.span, message: "first declared here" }] });
      continue;
    }
    seen.set(name, entry);
    const fields = readBlock(entry.value, type.schema, ctx, { what: `${type.what} '${name}'`, span: entry.key.span });
    out.push({ name, nameSpan: entry.key.span, fields, written: new Set(entry.value.entries.map((e) => e.key.name)), block: entry.value, span: entry.span });
  }
  return out;
}

function readInteger(value: ast.Value, type: { min?: number; max?: number }, r: Reporter): number | undefined {
  if (value.kind !== "Number" || !Number.isInteger(value.value)) return wrongType(value, "a whole number", r);
  const { min, max } = type;
  if ((min !== undefined && value.value < min) || (max !== undefined && value.value > max)) {
    r.report("outOfRange", value.span, `${value.value} is out of range; expected ${min ?? "…"} to ${max ?? "…"}`);
    return undefined;
  }
  return value.value;
}

function readEnum(value: ast.Value, allowed: readonly string[], r: Reporter): string | undefined {
  const text = value.kind === "Reference" && value.path.length === 1 ? value.path[0]!.name : value.kind === "String" ? value.value : undefined;
  if (text === undefined) return wrongType(value, `one of ${allowed.join(", ")}`, r);
  if (allowed.includes(text)) return text;
  const hint = didYouMean(text, allowed);
  const s = hint ? hint.slice(hint.indexOf("'") + 1, hint.lastIndexOf("'")) : undefined;
  r.report("invalidEnum", value.span, `'${text}' is not one of ${allowed.join(", ")}${hint}`, {
    ...(s ? { fix: { message: `replace with ${s}`, edits: [{ span: value.span, newText: s }] } } : {}),
  });
  return undefined;
}

function readRef(value: ast.Value, target: SymbolKind, ctx: ReadContext): string | undefined {
  if (value.kind !== "Reference" || value.path.length !== 1) return wrongType(value, `the name of a ${target}`, ctx.reporter);
  const ident = value.path[0]!;
  const table = ctx.symbols.get(target);
  if (table?.has(ident.name)) return ident.name;
  const names = [...(table?.keys() ?? [])];
  const hint = didYouMean(ident.name, names);
  const s = hint ? hint.slice(hint.indexOf("'") + 1, hint.lastIndexOf("'")) : undefined;
  ctx.reporter.report("unknownName", ident.span, `unknown ${target} '${ident.name}'${hint || (names.length ? `; declared: ${declaredList(ident.name, names)}` : `; no ${target} is declared`)}`, {
    ...(s ? { fix: { message: `replace with '${s}'`, edits: [{ span: ident.span, newText: s }] } } : {}),
  });
  return undefined;
}
