import { dirname, relative, resolve } from "node:path";
import type * as ast from "../../lang/syntax/ast.js";
import type { Diagnostic } from "../../lang/diagnostics/diagnostic.js";
import { Reporter } from "../../lang/diagnostics/reporter.js";
import { parse, type ParseResult } from "../../lang/parser/parse.js";
import type { LineIndex } from "../../lang/diagnostics/span.js";
import { describeReadError, MAX_LAB_BYTES, readInput } from "../files/read-input.js";
import { allowOutsideFromEnv, outsideReason, OUTSIDE_FIX, type Confinement } from "../files/confine.js";
import { EntryReadError } from "../files/entry-read-error.js";
import { readVersionsLock, type VersionsLock } from "./versions-lock.js";

export { EntryReadError };

export interface LoadedFile {
  /** The path shown in diagnostics: relative to the working directory. */
  readonly displayPath: string;
  readonly absolutePath: string;
  readonly ast: ast.SourceFile;
  readonly lines: LineIndex;
}

export interface Workspace {
  readonly files: readonly LoadedFile[];
  readonly diagnostics: readonly Diagnostic[];
  /** Directory of the entry file: secret `file(…)` paths and the secret store are relative to it. */
  readonly root: string;
  /** Where imports and file(…) may lead (see compiler/input/confine.ts). */
  readonly confinement: Confinement;
  /** versions.lock.yaml beside the entry: the versions labc picked before (its problems are in `diagnostics`). */
  readonly lock: VersionsLock;
}

/** Reads text for a path; the language server substitutes unsaved editor buffers. */
export type ReadText = (absolutePath: string) => string;

export interface LoadOptions {
  readonly cwd?: string;
  readonly read?: ReadText;
  /** Parses one file; the language server passes a cache so unchanged files are not parsed again. */
  readonly parse?: (absolutePath: string, text: string, displayPath: string) => ParseResult;
  /** The path diagnostics name (default: relative to `cwd`). */
  readonly displayPath?: (absolutePath: string) => string;
  /** The directory imports and file(…) must stay in; default the entry file's directory. */
  readonly projectRoot?: string;
  /** The user's explicit opt-out of that confinement; default from LABC_ALLOW_OUTSIDE_PROJECT (--allow-outside-project sets it). */
  readonly allowOutsideProject?: boolean;
}

/**
 * Parses the entry file and, transitively, every file it imports (paths relative to the
 * importing file). A missing file or an import cycle is a diagnostic at the import.
 */
export function loadWorkspace(entry: string, options: LoadOptions = {}): Workspace {
  const cwd = options.cwd ?? process.cwd();
  const read = options.read ?? ((p: string) => readInput(p, { maxBytes: MAX_LAB_BYTES }));
  const parseFile = options.parse ?? ((_: string, text: string, displayPath: string) => parse(text, displayPath));
  const display = options.displayPath ?? ((p: string) => relative(cwd, p) || p);
  const r = new Reporter();
  const files: LoadedFile[] = [];
  const diagnostics: Diagnostic[] = [];
  const loaded = new Map<string, LoadedFile>();
  const entryPath = resolve(cwd, entry);
  const confinement: Confinement = { root: resolve(cwd, options.projectRoot ?? dirname(entryPath)), open: options.allowOutsideProject ?? allowOutsideFromEnv() };

  const visit = (absolutePath: string, chain: string[], from?: ast.Import) => {
    if (chain.includes(absolutePath)) {
      if (from) r.report("importProblem", from.path.span, `import cycle: ${[...chain.slice(chain.indexOf(absolutePath)), absolutePath].map((p) => relative(cwd, p)).join(" → ")}`);
      return;
    }
    if (loaded.has(absolutePath)) return;
    let text: string;
    try {
      text = read(absolutePath);
    } catch (error) {
      const reason = describeReadError(error);
      if (from) r.report("importProblem", from.path.span, `cannot import ${relative(cwd, absolutePath) || absolutePath}: ${reason}`);
      else throw new EntryReadError(relative(cwd, absolutePath) || absolutePath, reason, (error as NodeJS.ErrnoException).code);
      return;
    }
    const displayPath = display(absolutePath);
    const result = parseFile(absolutePath, text, displayPath);
    const file: LoadedFile = { displayPath, absolutePath, ast: result.ast, lines: result.lines };
    loaded.set(absolutePath, file);
    diagnostics.push(...result.diagnostics);
    for (const imp of result.ast.imports) {
      if (!imp.path.value.endsWith(".lab")) {
        r.report("importProblem", imp.path.span, `imports name .lab files; '${imp.path.value}' is not one`);
        continue;
      }
      const target = resolve(dirname(absolutePath), imp.path.value);
      const outside = outsideReason(confinement, imp.path.value, target);
      if (outside) {
        r.report("outsideProject", imp.path.span, `cannot import ${imp.path.value}: ${outside}; ${OUTSIDE_FIX}`);
        continue;
      }
      visit(target, [...chain, absolutePath], imp);
    }
    // Imported declarations come first, as if written at the top of the importing file.
    files.push(file);
  };
  visit(entryPath, []);
  const lock = readVersionsLock(dirname(entryPath), display, options.read);
  return { files, diagnostics: [...diagnostics, ...r.diagnostics, ...lock.diagnostics], root: dirname(entryPath), confinement, lock };
}
