import { dirname, resolve } from "node:path";
import type { Diagnostic } from "../../../lang/diagnostics/diagnostic.js";
import { parseWorkspace, type PipelineOptions } from "../../pipeline/compile.js";
import type { ParseCache, ParsedFile } from "./parsed-file.js";
import type { LockedVersions } from "../../model/version-pins.js";

export interface Program {
  /** The entry file: the one no other file imports. */
  readonly root: string;
  /** Imported files first, as loadWorkspace orders them (the checker's first-declaration-wins depends on it). */
  readonly files: readonly ParsedFile[];
  /** Parse diagnostics and import problems. */
  readonly diagnostics: readonly Diagnostic[];
  /** What the pipeline was given to load it; the check phase is given the same. */
  readonly options: PipelineOptions;
  /** versions.lock.yaml's versions, which the checker uses as labc build does. */
  readonly locked?: LockedVersions;
}

/**
 * The pipeline's load phase, as every command runs it (same traversal, order and import messages), fed from the
 * parse cache so a file whose text did not change is not parsed again. Spans name absolute
 * paths; import messages name paths relative to the entry's folder, as `labc check` beside it does.
 * `read` returns undefined or throws for a file that cannot be read.
 */
export function loadProgram(root: string, read: (path: string) => string | undefined, cache: ParseCache): Program {
  const readOrThrow = (path: string): string => {
    const text = read(path);
    if (text === undefined) throw Object.assign(new Error("no such file"), { code: "ENOENT" });
    return text;
  };
  // Confined to the entry's folder with no opt-out: the editor may have opened a hostile repository.
  const options: PipelineOptions = {
    cwd: dirname(root),
    read: readOrThrow,
    displayPath: (p) => p,
    parse: (p, text) => cache.get(p, text),
    projectRoot: dirname(root),
    allowOutsideProject: false,
  };
  let workspace;
  try {
    workspace = parseWorkspace(root, options);
  } catch {
    return { root, files: [], diagnostics: [], options }; // the entry itself is gone: nothing to report on
  }
  return { root, files: workspace.files.map((f) => cache.peek(f.absolutePath)!), diagnostics: workspace.diagnostics, options, locked: workspace.lock.versions };
}

/** The absolute paths a file imports (whether or not they exist). */
export function importsOf(file: ParsedFile): string[] {
  return file.ast.imports.filter((i) => i.path.value.endsWith(".lab")).map((i) => resolve(dirname(file.path), i.path.value));
}
