import type * as ast from "../../../lang/syntax/ast.js";
import type { Span } from "../../../lang/diagnostics/span.js";
import type { AppDefinition } from "../../../stdlib/types.js";
import { childOf, resolveNode, type ValueNode, type ValueTable } from "../../../stdlib/value-tables/table.js";
import type { ChartSource } from "../../model/model.js";
import { valuesTarget } from "../../check/rules/helm-values.js";
import type { Analysis } from "../workspace/analysis.js";
import { within } from "./locate.js";

/**
 * The value table behind an app's `values { … }`, for completion and hover: the table the
 * checker uses for the chart and the `version` the body sets (a version without a table falls
 * back to the pinned one's, as the checker's warnings do).
 */
export function tableOfApp(decl: ast.Declaration | undefined, definition: AppDefinition | undefined): ValueTable | undefined {
  if (!definition) return undefined;
  const written = decl?.body?.entries.find((e) => e.key.name === "version")?.value;
  const version = written?.kind === "String" ? written.value : written && "raw" in written && typeof written.raw === "string" ? written.raw : undefined;
  const chart: ChartSource = version ? { ...definition.chart, version } : definition.chart;
  return valuesTarget({ definition, chart })?.table;
}

/** The node at a path below `values` (list elements by index, or the list's own key for a block in it). */
export function nodeAt(table: ValueTable, path: readonly string[]): ValueNode | undefined {
  let node = resolveNode(table, table.root);
  for (const segment of path) {
    if (/^\d+$/.test(segment) && node.items) {
      node = resolveNode(table, node.items);
      continue;
    }
    const next = childOf(node, segment);
    if (!next) return undefined;
    node = resolveNode(table, next);
  }
  return node;
}

/** Where keys are being typed: a block inside a list is one of its elements. */
export function blockNodeAt(table: ValueTable, path: readonly string[]): ValueNode | undefined {
  const node = nodeAt(table, path);
  if (node?.items && !node.keys && !node.values && !node.type?.includes("object")) return resolveNode(table, node.items);
  return node;
}

const WORDS: Readonly<Record<string, string>> = { string: "string", integer: "integer", number: "number", boolean: "boolean", object: "block", array: "list", null: "null" };

/** One line: the type, the enum, and whether the block takes keys of the user's choosing. */
export function describeNode(table: ValueTable, node: ValueNode): string {
  const types = (node.type ?? []).filter((t) => t !== "null" && !(t === "integer" && node.type!.includes("number")));
  const parts = [types.length ? types.map((t) => WORDS[t]).join(" or ") : "any value"];
  if (node.enum) parts.push(`one of ${node.enum.map((v) => JSON.stringify(v)).join(", ")}`);
  if (node.values) parts.push("keys of your choosing");
  else if ((node.type?.includes("object") || node.keys) && !node.closed) parts.push("any keys");
  if (node.items) parts.push(`of ${describeNode(table, resolveNode(table, node.items))}`);
  return parts.join(", ");
}

/** The key under the cursor inside an app's `values { … }`, with its path below `values`. */
function keyAt(block: ast.Block, file: string, offset: number, path: readonly string[]): { path: string[]; span: Span } | undefined {
  for (const entry of block.entries) {
    const here = [...path, entry.key.name];
    if (within(entry.key.span, file, offset)) return { path: here, span: entry.key.span };
    const value = entry.value;
    if (value.kind === "Block" && within(value.span, file, offset)) return keyAt(value, file, offset, here);
    if (value.kind === "List" && within(value.span, file, offset)) {
      for (const [i, item] of value.items.entries()) {
        if (item.kind === "Block" && within(item.span, file, offset)) return keyAt(item, file, offset, [...here, String(i)]);
      }
    }
  }
  return undefined;
}

/** Hover on a key inside `values { … }`: its type from the chart's table, or that the chart takes no such key. */
export function valueKeyHover(analysis: Analysis, file: string, offset: number): { markdown: string; span: Span } | undefined {
  for (const symbol of analysis.index.declarations) {
    if (symbol.kind !== "app") continue;
    const entry = symbol.decl.body?.entries.find((e) => e.key.name === "values");
    if (!entry || entry.value.kind !== "Block" || !within(entry.value.span, file, offset)) continue;
    const found = keyAt(entry.value, file, offset, []);
    const table = found && tableOfApp(symbol.decl, analysis.index.definitionOf(symbol));
    if (!found || !table) return undefined;
    const node = nodeAt(table, found.path);
    const chart = `${table.chart} ${table.version}`;
    const name = `\`values.${found.path.join(".")}\``;
    const resolved = node && resolveNode(table, node);
    const fallback = resolved?.default !== undefined ? `, default \`${JSON.stringify(resolved.default)}\`` : "";
    return { markdown: node ? `${name}: ${describeNode(table, node)}${fallback} (${chart})` : `${name}: not a value ${chart} takes`, span: found.span };
  }
  return undefined;
}
