import { CompletionItemKind, InsertTextFormat, type CompletionItem, type Range } from "vscode-languageserver";
import { describeType, type FieldSpec, type FieldType } from "../../check/fields/field-types.js";
import { declarationKinds, type DeclarationKind } from "../../check/schemas.js";
import { DISK_SELECTOR_FIELDS, GENERATORS, SECRET_SOURCE_FORMS } from "../../check/fields/call-forms.js";
import { schemaFor } from "../../check/symbol-index.js";
import { stdlib } from "../../../stdlib/index.js";
import type { Analysis } from "../workspace/analysis.js";
import { cursorAt, type CursorContext, type Header } from "./cursor-context.js";
import { blockNodeAt, describeNode, nodeAt, tableOfApp } from "./value-keys.js";
import { resolveNode } from "../../../stdlib/value-tables/table.js";

export function completion(analysis: Analysis | undefined, text: string, offset: number, positionOf: (offset: number) => Range["start"]): CompletionItem[] {
  const cursor = cursorAt(text, offset);
  const range: Range = { start: positionOf(cursor.prefixStart), end: positionOf(offset) };
  const item = (label: string, kind: CompletionItemKind, detail?: string, doc?: string, insert?: string): CompletionItem => ({
    label,
    kind,
    ...(detail ? { detail } : {}),
    ...(doc ? { documentation: { kind: "markdown", value: doc } } : {}),
    ...(insert?.includes("$") ? { insertTextFormat: InsertTextFormat.Snippet } : {}),
    textEdit: { range, newText: insert ?? label },
  });
  return items(cursor.context, analysis, item);
}

type Make = (label: string, kind: CompletionItemKind, detail?: string, doc?: string, insert?: string) => CompletionItem;

function items(context: CursorContext, analysis: Analysis | undefined, item: Make): CompletionItem[] {
  switch (context.kind) {
    case "top-level":
      return [...declarationKinds, "import"].map((k) => item(k, CompletionItemKind.Keyword, keywordDetail(k), undefined, `${k} `));
    case "declaration-name": {
      if (context.keyword !== "app") return [];
      const declared = new Set(analysis?.index.declarations.filter((d) => d.kind === "app").map((d) => d.name));
      return [...stdlib.values()].filter((d) => !declared.has(d.id)).map((d) => item(d.id, CompletionItemKind.Module, "stdlib app", d.doc));
    }
    case "after-from":
      return [...stdlib.values()].map((d) => item(`std.${d.id}`, CompletionItemKind.Module, "stdlib app", d.doc));
    case "stdlib-id":
      return [...stdlib.values()].map((d) => item(d.id, CompletionItemKind.Module, "stdlib app", d.doc));
    case "declaration-value":
      return context.keyword === "secret" ? SECRET_SOURCE_FORMS.map((f) => item(f.label, CompletionItemKind.Function, "secret source", f.doc, f.snippet)) : [];
    case "call-argument":
      if (context.callee === "generate") return GENERATORS.map((k) => item(k, CompletionItemKind.EnumMember));
      return [];
    case "key": {
      if (context.path.length === 1 && context.path[0] === "disk") {
        return Object.entries(DISK_SELECTOR_FIELDS).filter(([k]) => !context.present.includes(k)).map(([k, f]) => item(k, CompletionItemKind.Field, "a string", f.doc, `${k} = `));
      }
      if (context.declaration.keyword === "app" && context.path[0] === "values") return valueKeyItems(context, analysis, item);
      const schema = schemaAt(schemaOf(context.declaration, analysis), context.path);
      if (!schema) return [];
      return Object.entries(schema)
        .filter(([name]) => !context.present.includes(name))
        .map(([name, spec]) => item(name, CompletionItemKind.Field, describeType(spec.type) + (spec.required ? " (required)" : ""), spec.doc, spec.type.kind === "values" ? `${name} {\n\t$0\n}` : `${name} = `));
    }
    case "value": {
      if (context.declaration.keyword === "app" && context.path[0] === "values") return valueItemsOfTable(context, analysis, item);
      const spec: FieldSpec | undefined = schemaAt(schemaOf(context.declaration, analysis), context.path)?.[context.key];
      if (!spec) return [];
      // A declaration never depends on itself, and a name already in the list is not offered again.
      const exclude = new Set(context.listed ?? []);
      const self = context.declaration.name === undefined ? undefined : { kind: context.declaration.keyword, name: context.declaration.name };
      return valueItems(spec.type, analysis, item).filter((i) => !(i.kind === CompletionItemKind.Reference && (exclude.has(i.label) || (self && i.detail === self.kind && i.label === self.name))));
    }
    case "none":
      return [];
  }
}

/** The app declaration the cursor is in, as the last check indexed it, and its definition (else the header's). */
function appOf(header: Header, analysis: Analysis | undefined) {
  const checked = header.name === undefined ? undefined : analysis?.index.declarations.find((d) => d.kind === "app" && d.name === header.name);
  if (checked) return { decl: checked.decl, definition: analysis!.index.definitionOf(checked) };
  const fromId = header.from?.startsWith("std.") ? header.from.slice(4) : undefined;
  return { decl: undefined, definition: fromId ? stdlib.get(fromId) : header.name ? stdlib.get(header.name) : undefined };
}

/** Keys of the chart's values at the cursor's block inside `values { … }`, with their types. */
function valueKeyItems(context: Extract<CursorContext, { kind: "key" }>, analysis: Analysis | undefined, item: Make): CompletionItem[] {
  const { decl, definition } = appOf(context.declaration, analysis);
  const table = tableOfApp(decl, definition);
  const node = table && blockNodeAt(table, context.path.slice(1));
  if (!table || !node?.keys) return [];
  return Object.entries(node.keys)
    .filter(([name]) => !context.present.includes(name))
    .map(([name, raw]) => {
      const child = resolveNode(table, raw);
      const block = child.type?.length === 1 && child.type[0] === "object";
      return item(name, CompletionItemKind.Field, describeNode(table, child), `${table.chart} ${table.version}`, block ? `${name} {\n\t$0\n}` : `${name} = `);
    });
}

/** An enum's values, or true/false, where the chart's table says so. */
function valueItemsOfTable(context: Extract<CursorContext, { kind: "value" }>, analysis: Analysis | undefined, item: Make): CompletionItem[] {
  const { decl, definition } = appOf(context.declaration, analysis);
  const table = tableOfApp(decl, definition);
  const node = table && nodeAt(table, [...context.path.slice(1), context.key]);
  if (!node) return [];
  if (node.enum) return node.enum.map((v) => item(String(v), CompletionItemKind.EnumMember, undefined, undefined, JSON.stringify(v)));
  if (node.type?.includes("boolean")) return ["true", "false"].map((v) => item(v, CompletionItemKind.Value));
  return [];
}

/**
 * The schema of the declaration the cursor is in: as the last check resolved it (which sees
 * `chart = std.x` in the body), else from the header being typed.
 */
function schemaOf(header: Header, analysis: Analysis | undefined): Readonly<Record<string, FieldSpec>> {
  if (!(declarationKinds as readonly string[]).includes(header.keyword)) return {};
  const kind = header.keyword as DeclarationKind;
  const checked = header.name === undefined ? undefined : analysis?.index.declarations.find((d) => d.kind === kind && d.name === header.name);
  // The analysis may be from before the header was edited; trust it only while `from` agrees.
  if (checked && checked.decl.from?.path.map((p) => p.name).join(".") === header.from) return analysis!.index.schemaOf(checked);
  const fromId = header.from?.startsWith("std.") ? header.from.slice(4) : undefined;
  const definition = fromId ? stdlib.get(fromId) : header.name ? stdlib.get(header.name) : undefined;
  return schemaFor(kind, definition);
}

/**
 * The schema of the block the cursor is in: the declaration's, or a nested one (`bond { … }`,
 * `nics { storage { … } }`, a route `{ … }` inside `routes = […]`). Undefined where keys are free.
 */
function schemaAt(schema: Readonly<Record<string, FieldSpec>>, path: readonly string[]): Readonly<Record<string, FieldSpec>> | undefined {
  let current = schema;
  for (let i = 0; i < path.length; i++) {
    const spec = current[path[i]!];
    if (!spec) return undefined;
    const type = spec.type.kind === "list" ? spec.type.item : spec.type;
    if (type.kind === "record" || type.kind === "schematic") current = type.schema;
    else if (type.kind === "named-records" && i + 1 < path.length) {
      i++; // the NIC's own name
      current = type.schema;
    } else return undefined;
  }
  return current;
}

function valueItems(type: FieldType, analysis: Analysis | undefined, item: Make): CompletionItem[] {
  switch (type.kind) {
    case "ref":
      return (analysis?.index.declarations ?? [])
        .filter((d) => d.kind === type.target)
        .map((d) => item(d.name, CompletionItemKind.Reference, type.target));
    case "list":
      return valueItems(type.item, analysis, item);
    case "enum":
      // A value that is no name (802.3ad lexes as a number) must be written as a string.
      return type.values.map((v) => item(v, CompletionItemKind.EnumMember, undefined, undefined, /^[A-Za-z_][A-Za-z0-9_]*(-+[A-Za-z0-9_]+)*$/.test(v) ? v : JSON.stringify(v)));
    case "boolean":
      return ["true", "false"].map((v) => item(v, CompletionItemKind.Value));
    case "route":
      return [item('external("…")', CompletionItemKind.Function, "through the Cloudflare tunnel", undefined, 'external("$1")'), item('internal("…")', CompletionItemKind.Function, "on the LAN gateway", undefined, 'internal("$1")')];
    case "repository":
      return [item('github("owner/repo")', CompletionItemKind.Function, undefined, undefined, 'github("$1")')];
    case "chart":
      return [item("std.app-template", CompletionItemKind.Module), item('oci("oci://…", version)', CompletionItemKind.Function, undefined, undefined, 'oci("oci://$1", $2)')];
    case "secret-source":
      return SECRET_SOURCE_FORMS.map((f) => item(f.label, CompletionItemKind.Function, "secret source", f.doc, f.snippet));
    case "disk":
      return [item('"/dev/sda"', CompletionItemKind.Value), item('{ serial = "…" }', CompletionItemKind.Struct, undefined, undefined, '{ serial = "$1" }')];
    default:
      return [];
  }
}

function keywordDetail(k: string): string {
  switch (k) {
    case "cluster":
      return "cluster name { talos = … kubernetes = … }";
    case "network":
      return "network name { cidr = … }";
    case "node":
      return "node name { role = … address = … }";
    case "app":
      return "app name [in namespace] [from std.x] { … }";
    case "secret":
      return 'secret name = env("VAR")';
    default:
      return 'import "other.lab"';
  }
}
