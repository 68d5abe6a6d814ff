import type { Range, TextEdit, WorkspaceEdit } from "vscode-languageserver";
import { toRange } from "../convert.js";
import { stdlib } from "../../../stdlib/index.js";
import type { Analysis } from "../workspace/analysis.js";
import { locate, occurrences, symbolOf } from "./locate.js";

/** A rename the server will not do; the message is shown to the user. */
export class RenameRefusal extends Error {}

const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const RESERVED_NODE_NAMES = new Set(["global", "controller", "worker"]);

export function prepareRename(analysis: Analysis, path: string, offset: number): { range: Range; placeholder: string } {
  const target = locate(analysis, path, offset);
  const symbol = symbolOf(target);
  if (!target || !symbol) throw new RenameRefusal("only the name of a declared node, network, app, secret or cluster can be renamed");
  refuseStdlibApp(symbol);
  return { range: toRange(target.span), placeholder: symbol.name };
}

export function rename(analysis: Analysis, path: string, offset: number, newName: string, uriOf: (path: string) => string): WorkspaceEdit {
  const symbol = symbolOf(locate(analysis, path, offset));
  if (!symbol) throw new RenameRefusal("only the name of a declared node, network, app, secret or cluster can be renamed");
  refuseStdlibApp(symbol);
  if (newName === symbol.name) return { changes: {} };
  if (!DNS_LABEL.test(newName)) {
    throw new RenameRefusal(`'${newName}' is not a valid name: lower-case letters, digits and '-', at most 63, starting and ending with a letter or digit`);
  }
  if (symbol.kind === "node" && RESERVED_NODE_NAMES.has(newName)) throw new RenameRefusal(`'${newName}' is reserved for the talos/patches/${newName} directory`);
  const clash = analysis.index.declarations.find((d) => d.kind === symbol.kind && d.name === newName);
  if (clash) {
    throw new RenameRefusal(`a ${symbol.kind} named '${newName}' is already declared (${clash.nameSpan.file.split("/").pop()}:${clash.nameSpan.start.line})`);
  }
  if (symbol.kind === "app" && stdlib.has(newName)) {
    throw new RenameRefusal(`'${newName}' is a stdlib app; an app of that name would take its definition`);
  }
  const found = occurrences(analysis, symbol);
  const changes: Record<string, TextEdit[]> = {};
  for (const span of [...found.declarations.map((d) => d.nameSpan), ...found.references.map((r) => r.span)]) {
    (changes[uriOf(span.file)] ??= []).push({ range: toRange(span), newText: newName });
  }
  return { changes };
}

function refuseStdlibApp(symbol: { kind: string; name: string }): void {
  // Stdlib apps are found by name (`app cilium {}`) and other apps' definitions depend on them by name.
  if (symbol.kind === "app" && stdlib.has(symbol.name)) {
    throw new RenameRefusal(`'${symbol.name}' is the name of a stdlib app; it is looked up by that name, so it cannot be renamed`);
  }
}
