import type * as ast from "../../../lang/syntax/ast.js";
import type { Reporter } from "../../../lang/diagnostics/reporter.js";
import { setValue } from "../../model/merge-values.js";

/**
 * Converts a free-form `values { … }` block to plain data for Helm. A literal keeps the type
 * YAML would give its text (`0.5` a float, `1.18.1` or `5m` a string) so values mean what
 * they would mean in a hand-written values.yaml.
 */
export function readValues(block: ast.Block, r: Reporter): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const seen = new Map<string, ast.Entry>();
  for (const entry of block.entries) {
    const earlier = seen.get(entry.key.name);
    if (earlier) {
      r.report("duplicateField", entry.key.span, `'${entry.key.name}' is set twice in this block`, {
        related: [{ span: earlier.key.span, message: "first set here" }],
      });
      continue;
    }
    seen.set(entry.key.name, entry);
    const value = readValue(entry.value, r);
    if (value !== undefined) setValue(out, entry.key.name, value);
  }
  return out;
}

function readValue(value: ast.Value, r: Reporter): unknown {
  switch (value.kind) {
    case "String":
      return value.value;
    case "Number":
      return value.value;
    case "Boolean":
      return value.value;
    case "Block":
      return readValues(value, r);
    case "List":
      return value.items.map((item) => readValue(item, r)).filter((v) => v !== undefined);
    case "Reference": {
      const text = value.path.map((p) => p.name).join(".");
      if (text === "null") return null;
      r.report("typeMismatch", value.span, `'${text}' is a bare name; Helm values are literals, so write strings in quotes`, {
        fix: { message: `write "${text}"`, edits: [{ span: value.span, newText: JSON.stringify(text) }] },
      });
      return undefined;
    }
    case "Call":
      r.report("typeMismatch", value.span, "calls are not allowed inside values; values are plain data");
      return undefined;
    case "Missing":
      return undefined;
    default:
      return value.raw;
  }
}
