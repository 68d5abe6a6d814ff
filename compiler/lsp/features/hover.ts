import type { Hover } from "vscode-languageserver";
import { toRange } from "../convert.js";
import type { Analysis } from "../workspace/analysis.js";
import { describeDefinition, describeField, describeSymbol } from "./describe.js";
import { locate } from "./locate.js";
import { valueKeyHover } from "./value-keys.js";

export function hover(analysis: Analysis, path: string, offset: number): Hover | null {
  const target = locate(analysis, path, offset);
  if (!target) {
    const value = valueKeyHover(analysis, path, offset);
    return value ? { contents: { kind: "markdown", value: value.markdown }, range: toRange(value.span) } : null;
  }
  const markdown = (() => {
    switch (target.kind) {
      case "reference":
        return target.ref.target ? describeSymbol(analysis, target.ref.target) : `unknown ${target.ref.kind} \`${target.ref.name}\``;
      case "stdlib":
        return target.ref.definition ? describeDefinition(target.ref.definition) : `no stdlib app \`${target.ref.id}\``;
      case "declaration":
      case "keyword":
        return describeSymbol(analysis, target.symbol);
      case "field-key":
      case "field-value":
        return describeField(target.use.entry.key.name, target.use.spec, `${target.use.owner.kind} '${target.use.owner.name}'`);
      case "import":
        return `imports \`${target.node.path.value}\`: its declarations join this workspace`;
    }
  })();
  return { contents: { kind: "markdown", value: markdown }, range: toRange(target.span) };
}
