import { compileWorkspace } from "../../compiler/pipeline/compile.js";
import type { ClusterModel } from "../../compiler/model/model.js";
import { repoPath } from "./paths.js";

/** The checked model of examples/<name>/cluster.lab (no secrets needed: check only). */
export function exampleModel(name: "homelab" | "ha"): ClusterModel {
  return modelOf(repoPath("examples", name, "cluster.lab"));
}

export function modelOf(entry: string): ClusterModel {
  const compiled = compileWorkspace(entry, { cwd: repoPath() });
  if (!compiled.model) throw new Error(`${entry}: ${compiled.diagnostics.map((d) => d.message).join("; ")}`);
  return compiled.model;
}
