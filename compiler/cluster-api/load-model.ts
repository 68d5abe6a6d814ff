import { hasErrors, type Diagnostic } from "../../lang/diagnostics/diagnostic.js";
import type { LineIndex } from "../../lang/diagnostics/span.js";
import { check } from "../check/check.js";
import { loadWorkspace } from "../load/load-workspace.js";
import type { ClusterModel } from "../model/model.js";
import { stdlib } from "../../stdlib/index.js";

export interface LoadedModel {
  readonly model: ClusterModel | undefined;
  readonly diagnostics: readonly Diagnostic[];
  readonly sources: ReadonlyMap<string, LineIndex>;
  /** Directory of cluster.lab: where age.key and the secret store live. */
  readonly root: string;
}

/** cluster.lab checked, without building: the cluster commands only need the apps and nodes. */
export function loadModel(entry: string, cwd = process.cwd()): LoadedModel {
  const workspace = loadWorkspace(entry, { cwd });
  const result = check(workspace.files.map((f) => f.ast), stdlib, { syntaxErrors: hasErrors(workspace.diagnostics) });
  const diagnostics = [...workspace.diagnostics, ...result.diagnostics];
  return {
    model: hasErrors(diagnostics) ? undefined : result.model,
    diagnostics,
    sources: new Map(workspace.files.map((f) => [f.displayPath, f.lines])),
    root: workspace.root,
  };
}
