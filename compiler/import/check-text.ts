import { check } from "../check/check.js";
import { stdlib } from "../../stdlib/index.js";
import { parse } from "../../lang/parser/parse.js";
import type { ClusterModel } from "../model/model.js";

/** Parses and checks cluster.lab text in memory, as `labc check` would the file. */
export function checkText(text: string): { model: ClusterModel | undefined; errors: string[] } {
  const parsed = parse(text, "cluster.lab");
  const checked = check([parsed.ast], stdlib, { syntaxErrors: parsed.diagnostics.some((d) => d.severity === "error") });
  const errors = [...parsed.diagnostics, ...checked.diagnostics]
    .filter((d) => d.severity === "error")
    .map((d) => `cluster.lab:${d.span.start.line}:${d.span.start.column}: ${d.code} ${d.message}`);
  return { model: errors.length === 0 ? checked.model : undefined, errors };
}
