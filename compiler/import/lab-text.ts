/**
 * A small printer for the `.lab` syntax labc import writes: declarations, `key = value`
 * entries, nested blocks, lists and comments. Strings are always quoted and escaped the way
 * lang/parser/strings.ts reads them back, and keys that are not identifiers are quoted.
 */
export type LabValue =
  /** Written as is: versions, addresses, CIDRs, references, calls. */
  | { readonly raw: string }
  | { readonly block: readonly LabEntry[] }
  | { readonly list: readonly LabValue[] }
  | string
  | number
  | boolean
  | null;

export interface LabEntry {
  readonly key: string;
  readonly value: LabValue;
  /** Comment lines above the entry, without `//`. */
  readonly comments?: readonly string[];
}

export interface LabDeclaration {
  readonly keyword: "cluster" | "network" | "node" | "secret" | "app";
  readonly name: string;
  readonly namespace?: string;
  readonly from?: string;
  /** `secret x = store()`: a declaration written with `=`. */
  readonly value?: LabValue;
  readonly body?: readonly LabEntry[];
  readonly comments?: readonly string[];
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*(?:-+[A-Za-z0-9_]+)*$/;

export function raw(text: string): LabValue {
  return { raw: text };
}

export function labString(value: string): string {
  return `"${value.replace(/[\\"\n\t\r\0]/g, (c) => ({ "\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\0": "\\0" })[c]!)}"`;
}

function key(name: string): string {
  return IDENTIFIER.test(name) ? name : labString(name);
}

/** Plain data (Helm values) as a .lab value: maps become blocks, null the bare name `null`. */
export function fromData(value: unknown): LabValue {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return { list: value.map(fromData) };
  if (typeof value === "object") return { block: Object.entries(value as Record<string, unknown>).map(([k, v]) => ({ key: k, value: fromData(v) })) };
  if (typeof value === "number") {
    // The lexer reads -?digits(.digits)?; anything else (1e21, NaN) cannot round-trip as a number.
    if (!/^-?\d+(\.\d+)?$/.test(String(value))) throw new Error(`the number ${value} has no .lab literal`);
    return value;
  }
  if (typeof value === "string" || typeof value === "boolean") return value;
  throw new Error(`cannot write ${typeof value} in .lab`);
}

function value(v: LabValue, indent: string): string {
  if (v === null) return "null";
  if (typeof v === "string") return labString(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if ("raw" in v) return v.raw;
  if ("list" in v) {
    if (v.list.length === 0) return "[]";
    const items = v.list.map((item) => value(item, `${indent}  `));
    const flat = `[${items.join(", ")}]`;
    if (flat.length <= 80 && !flat.includes("\n")) return flat;
    return `[\n${items.map((i) => `${indent}  ${i}`).join(",\n")}\n${indent}]`;
  }
  return block(v.block, indent);
}

function block(entries: readonly LabEntry[], indent: string): string {
  if (entries.length === 0) return "{}";
  const inner = `${indent}  `;
  const lines = entries.flatMap((e) => [
    ...(e.comments ?? []).map((c) => `${inner}// ${c}`),
    isBlock(e.value) ? `${inner}${key(e.key)} ${value(e.value, inner)}` : `${inner}${key(e.key)} = ${value(e.value, inner)}`,
  ]);
  return `{\n${lines.join("\n")}\n${indent}}`;
}

function isBlock(v: LabValue): boolean {
  return v !== null && typeof v === "object" && "block" in v;
}

export function printLab(declarations: readonly LabDeclaration[], header: readonly string[] = []): string {
  const parts: string[] = [];
  if (header.length > 0) parts.push(header.map((h) => `// ${h}`).join("\n"));
  for (const d of declarations) {
    const head = `${d.keyword} ${d.name}${d.namespace ? ` in ${d.namespace}` : ""}${d.from ? ` from ${d.from}` : ""}`;
    const comments = (d.comments ?? []).map((c) => `// ${c}\n`).join("");
    if (d.value !== undefined) parts.push(`${comments}${head} = ${value(d.value, "")}`);
    else parts.push(`${comments}${head} ${block(d.body ?? [], "")}`);
  }
  return parts.join("\n\n") + "\n";
}
