import type { Diagnostic } from "../../lang/diagnostics/diagnostic.js";
import type { LineIndex } from "../../lang/diagnostics/span.js";
import { compileWorkspace } from "../pipeline/compile.js";
import type { ClusterModel } from "../model/model.js";

export interface LoadedCluster {
  /** Present when the input has no errors. */
  readonly model: ClusterModel | undefined;
  readonly diagnostics: readonly Diagnostic[];
  readonly sources: ReadonlyMap<string, LineIndex>;
  /** The directory of cluster.lab: the Talos bundle, the secret store and the age key live here. */
  readonly root: string;
}

/**
 * Parses and checks cluster.lab, as `labc check` does, for the commands that need the model but
 * not a build (talos, bootstrap, status, diff).
 */
export function loadCluster(entry: string, cwd = process.cwd()): LoadedCluster {
  const { model, diagnostics, sources, root } = compileWorkspace(entry, { cwd });
  return { model, diagnostics, sources, root };
}
