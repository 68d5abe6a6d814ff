import type { Span } from "../../../lang/diagnostics/span.js";
import { childOf, resolveNode, type ValueNode, type ValueTable, type ValueType } from "../../../stdlib/value-tables/table.js";
import { suggest } from "../util/suggest.js";
import type { ValueTree } from "./value-tree.js";

/** What the table says is wrong with one value. Where the table cannot tell, there is none. */
export type ValueFinding =
  | { readonly kind: "unknownKey"; readonly path: readonly string[]; readonly key: string; readonly span?: Span; readonly suggestion?: string }
  | { readonly kind: "wrongType"; readonly path: readonly string[]; readonly expected: readonly ValueType[]; readonly actual: ValueType; readonly span?: Span }
  | { readonly kind: "notInEnum"; readonly path: readonly string[]; readonly allowed: readonly (string | number | boolean | null)[]; readonly span?: Span };

/**
 * A path the user exempts from the check (`values-unchecked`): segments joined by dots, `*`
 * matching any one key. It silences the value there and everything below it.
 */
export type UncheckedPath = readonly string[];

export function parseUncheckedPath(text: string): UncheckedPath {
  return text.split(".");
}

function silenced(path: readonly string[], unchecked: readonly UncheckedPath[]): boolean {
  return unchecked.length > 0 && unchecked.some((u) => u.length <= path.length && u.every((seg, i) => seg === "*" || seg === path[i]));
}

function typeOf(tree: ValueTree): ValueType | undefined {
  switch (tree.kind) {
    case "map":
      return "object";
    case "list":
      return "array";
    case "scalar":
      if (tree.value === null) return "null";
      if (typeof tree.value === "number") return Number.isInteger(tree.value) ? "integer" : "number";
      return typeof tree.value as "string" | "boolean";
    default:
      return undefined;
  }
}

function accepts(types: readonly ValueType[], actual: ValueType): boolean {
  return types.includes(actual) || (actual === "integer" && types.includes("number"));
}

/** Every finding in `tree` against the table, outermost first, in the order the values are written. */
export function checkValues(table: ValueTable, tree: ValueTree, unchecked: readonly UncheckedPath[] = []): ValueFinding[] {
  const out: ValueFinding[] = [];
  walk(table, table.root, tree, [], unchecked, out);
  return out;
}

function walk(table: ValueTable, raw: ValueNode, tree: ValueTree, path: string[], unchecked: readonly UncheckedPath[], out: ValueFinding[]): void {
  if (silenced(path, unchecked)) return;
  const node = resolveNode(table, raw);
  const actual = typeOf(tree);
  // null removes a chart default in Helm: always allowed.
  if (actual === undefined || actual === "null") return;
  if (node.type && !accepts(node.type, actual)) {
    out.push({ kind: "wrongType", path, expected: node.type, actual, ...(tree.span ? { span: tree.span } : {}) });
    return;
  }
  if (tree.kind === "scalar") {
    if (node.enum && !node.enum.includes(tree.value)) out.push({ kind: "notInEnum", path, allowed: node.enum, ...(tree.span ? { span: tree.span } : {}) });
    return;
  }
  if (tree.kind === "list") {
    if (node.items) tree.items.forEach((item, i) => walk(table, node.items!, item, [...path, String(i)], unchecked, out));
    return;
  }
  if (tree.kind !== "map") return;
  for (const entry of tree.entries) {
    const child = childOf(node, entry.key);
    const at = [...path, entry.key];
    if (child) {
      walk(table, child, entry.value, at, unchecked, out);
    } else if (node.closed && !silenced(at, unchecked)) {
      const suggestion = suggest(entry.key, Object.keys(node.keys ?? {}));
      out.push({ kind: "unknownKey", path, key: entry.key, ...(entry.keySpan ? { span: entry.keySpan } : {}), ...(suggestion ? { suggestion } : {}) });
    }
  }
}

/** Where a finding is, for messages: `controllers.main` or "the top level". */
export function describePath(path: readonly string[]): string {
  return path.length ? `'${path.join(".")}'` : "the top level";
}

function describeTypes(types: readonly ValueType[]): string {
  const shown = types.filter((t) => t !== "null" && !(t === "integer" && types.includes("number")));
  const words = shown.map((t) => (t === "object" ? "a block" : t === "array" ? "a list" : t === "integer" ? "an integer" : `a ${t}`));
  return words.length ? words.join(" or ") : "null";
}

const ACTUAL: Readonly<Record<ValueType, string>> = { string: "a string", integer: "an integer", number: "a number", boolean: "a boolean", object: "a block", array: "a list", null: "null" };

/** One line saying what is wrong, naming the chart and version checked against. */
export function findingMessage(f: ValueFinding, chart: string): string {
  switch (f.kind) {
    case "unknownKey":
      return `${chart} takes no value '${f.key}' ${f.path.length ? `under ${describePath(f.path)}` : "at the top level"}${f.suggestion ? `; did you mean '${f.suggestion}'?` : ""}`;
    case "wrongType":
      return `${describePath(f.path)} of ${chart} is ${describeTypes(f.expected)}, not ${ACTUAL[f.actual]}`;
    case "notInEnum":
      return `${describePath(f.path)} of ${chart} is one of ${f.allowed.map((x) => JSON.stringify(x)).join(", ")}`;
  }
}
