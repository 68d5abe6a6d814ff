import { loadWorkspace } from "../../compiler/load/load-workspace.js";
import { check } from "../../compiler/check/check.js";
import { stdlib } from "../../stdlib/index.js";
import type { ClusterModel } from "../../compiler/model/model.js";
import { repoPath } from "./paths.js";

/** The checked model of examples/<name>/cluster.lab (no secrets needed: check only). */
export function exampleModel(name: "homelab" | "ha"): ClusterModel {
  return modelOf(repoPath("examples", name, "cluster.lab"));
}

export function modelOf(entry: string): ClusterModel {
  const workspace = loadWorkspace(entry, { cwd: repoPath() });
  const checked = check(workspace.files.map((f) => f.ast), stdlib);
  if (!checked.model) throw new Error(`${entry}: ${checked.diagnostics.map((d) => d.message).join("; ")}`);
  return checked.model;
}
