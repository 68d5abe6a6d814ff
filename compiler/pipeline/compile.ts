import { dirname, relative, resolve } from "node:path";
import type * as ast from "../../lang/syntax/ast.js";
import type { Diagnostic } from "../../lang/diagnostics/diagnostic.js";
import { hasErrors } from "../../lang/diagnostics/diagnostic.js";
import type { LineIndex } from "../../lang/diagnostics/span.js";
import { stdlib } from "../../stdlib/index.js";
import { check, type CheckResult } from "../check/check.js";
import type { CheckMemo } from "../check/check-memo.js";
import type { ClusterModel } from "../model/model.js";
import { loadWorkspace, type LoadOptions, type Workspace } from "./load-workspace.js";
import { allowOutsideFromEnv, type Confinement } from "../files/confine.js";
import { MAX_LAB_BYTES, readInput } from "../files/read-input.js";
import { capDiagnostics } from "./cap-diagnostics.js";
import type { LockedVersions } from "../model/version-pins.js";

/**
 * The one way through the front of the compiler, in numbered phases:
 *   1. load: the entry file and every file it imports → syntax trees (parseWorkspace)
 *   2. check: syntax trees → checked model (checkParsed)
 * compileWorkspace runs both with the same options, so every command (build, check, graph, the
 * secret and talos commands, import) and the language server see the same files, paths and
 * diagnostics. The language server calls the phases apart to reuse a check while no file changed.
 */
export type PipelineOptions = LoadOptions;

export interface CompiledWorkspace {
  readonly workspace: Workspace;
  readonly checked: CheckResult;
  /** Load, parse and check diagnostics, in that order. */
  readonly diagnostics: readonly Diagnostic[];
  /** The model, when there are no errors anywhere (warnings allowed). */
  readonly model: ClusterModel | undefined;
  /** Display path → line index, to print the diagnostics. */
  readonly sources: ReadonlyMap<string, LineIndex>;
  /** Directory of the entry file: the secret store, the Talos bundle and age.key live here. */
  readonly root: string;
}

/** Phase 1: reads and parses the entry and its imports. Throws when the entry itself can't be read. */
export function parseWorkspace(entry: string, options: PipelineOptions = {}): Workspace {
  return loadWorkspace(entry, withCwd(options));
}

/** A parsed file and where it was read from: the paths it names with file("…") are relative to it. */
export interface ParsedSource {
  readonly ast: ast.SourceFile;
  readonly absolutePath: string;
}

/**
 * Phase 2: checks parsed files; `parseDiagnostics` are phase 1's (errors there stop the model).
 * `confinement` is the workspace's; without one it is derived from the options as phase 1 does.
 */
export function checkParsed(files: readonly ParsedSource[], parseDiagnostics: readonly Diagnostic[], options: PipelineOptions = {}, confinement?: Confinement, locked?: LockedVersions, memo?: CheckMemo): CheckResult {
  const { cwd, read } = withCwd(options);
  const bounds = confinement ?? { root: resolve(cwd, options.projectRoot ?? cwd), open: options.allowOutsideProject ?? allowOutsideFromEnv() };
  const sourcePaths = new Map(files.map((f) => [f.ast.file, f.absolutePath]));
  return check(
    files.map((f) => f.ast),
    stdlib,
    { syntaxErrors: hasErrors(parseDiagnostics), cwd, sourcePaths, confinement: bounds, ...(read ? { readText: read } : {}), ...(locked ? { lockedVersions: locked } : {}), ...(memo ? { memo } : {}) },
  );
}

/** Phases 1 and 2 for a workspace on disk (or, with `read`, in editor buffers). */
export function compileWorkspace(entry: string, options: PipelineOptions = {}): CompiledWorkspace {
  const workspace = parseWorkspace(entry, options);
  const checked = checkParsed(workspace.files, workspace.diagnostics, options, workspace.confinement, workspace.lock.versions);
  const diagnostics = capDiagnostics([...workspace.diagnostics, ...checked.diagnostics]);
  return {
    workspace,
    checked,
    diagnostics,
    model: hasErrors(diagnostics) ? undefined : checked.model,
    sources: new Map([...workspace.files.map((f) => [f.displayPath, f.lines] as const), ...(workspace.lock.source ? [[workspace.lock.source.displayPath, workspace.lock.source.lines] as const] : [])]),
    root: workspace.root,
  };
}

/**
 * Phases 1 and 2 for one file's text held in memory (`labc import` checks what it generated),
 * as if it were `displayPath` in the working directory: the files it names are read from disk.
 */
export function compileText(text: string, displayPath: string, options: Pick<PipelineOptions, "cwd"> = {}): CompiledWorkspace {
  const cwd = options.cwd ?? process.cwd();
  const entry = resolve(cwd, displayPath);
  const read = (path: string): string => (path === entry ? text : readInput(path, { maxBytes: MAX_LAB_BYTES }));
  return compileWorkspace(entry, { cwd, read, displayPath: (p) => (p === entry ? displayPath : relative(cwd, p) || p), projectRoot: dirname(entry) });
}

function withCwd(options: PipelineOptions): PipelineOptions & { readonly cwd: string } {
  return { ...options, cwd: options.cwd ?? process.cwd() };
}
