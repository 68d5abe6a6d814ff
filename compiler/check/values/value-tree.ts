import type * as ast from "../../../lang/syntax/ast.js";
import type { Span } from "../../../lang/diagnostics/span.js";

/**
 * Helm values as the table check walks them: the user's `values { … }` block with its spans, or
 * plain data (a definition's defaults) without. Values the reader already refused (a bare name,
 * a call) are `unknown`, so they are not reported twice.
 */
export type ValueTree =
  | { readonly kind: "map"; readonly entries: readonly ValueEntry[]; readonly span?: Span }
  | { readonly kind: "list"; readonly items: readonly ValueTree[]; readonly span?: Span }
  | { readonly kind: "scalar"; readonly value: string | number | boolean | null; readonly span?: Span }
  | { readonly kind: "unknown"; readonly span?: Span };

export interface ValueEntry {
  readonly key: string;
  readonly keySpan?: Span;
  readonly value: ValueTree;
}

/** A `values { … }` block, typed as readValues types it (a version or duration literal is a string). */
export function treeOfBlock(block: ast.Block): ValueTree {
  const seen = new Set<string>();
  const entries: ValueEntry[] = [];
  for (const entry of block.entries) {
    // A key set twice is reported by readValues; only the first counts.
    if (seen.has(entry.key.name)) continue;
    seen.add(entry.key.name);
    entries.push({ key: entry.key.name, keySpan: entry.key.span, value: treeOfValue(entry.value) });
  }
  return { kind: "map", entries, span: block.span };
}

function treeOfValue(value: ast.Value): ValueTree {
  switch (value.kind) {
    case "String":
    case "Number":
    case "Boolean":
      return { kind: "scalar", value: value.value, span: value.span };
    case "Block":
      return treeOfBlock(value);
    case "List":
      return { kind: "list", items: value.items.map(treeOfValue), span: value.span };
    case "Reference":
      return value.path.length === 1 && value.path[0]!.name === "null" ? { kind: "scalar", value: null, span: value.span } : { kind: "unknown", span: value.span };
    case "Call":
    case "Missing":
      return { kind: "unknown", span: value.span };
    default:
      return "raw" in value && typeof value.raw === "string" ? { kind: "scalar", value: value.raw, span: value.span } : { kind: "unknown", span: value.span };
  }
}

/** Plain data, as a definition's `values()` returns it. */
export function treeOfData(data: unknown): ValueTree {
  if (data === null || typeof data === "string" || typeof data === "number" || typeof data === "boolean") return { kind: "scalar", value: data };
  if (Array.isArray(data)) return { kind: "list", items: data.map(treeOfData) };
  if (typeof data === "object") return { kind: "map", entries: Object.entries(data as Record<string, unknown>).map(([key, v]) => ({ key, value: treeOfData(v) })) };
  return { kind: "unknown" };
}
