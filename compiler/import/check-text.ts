import { compileText } from "../pipeline/compile.js";
import type { ClusterModel } from "../model/model.js";

/** Parses and checks cluster.lab text in memory, as `labc check` would the file. */
export function checkText(text: string): { model: ClusterModel | undefined; errors: string[] } {
  const compiled = compileText(text, "cluster.lab");
  const errors = compiled.diagnostics
    .filter((d) => d.severity === "error")
    .map((d) => `cluster.lab:${d.span.start.line}:${d.span.start.column}: ${d.code} ${d.message}`);
  return { model: compiled.model, errors };
}
