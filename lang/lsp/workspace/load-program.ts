import { dirname, relative, resolve } from "node:path";
import type * as ast from "../../syntax/ast.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { Reporter } from "../../diagnostics/reporter.js";
import type { ParseCache, ParsedFile } from "./parsed-file.js";

export interface Program {
  /** The entry file: the one no other file imports. */
  readonly root: string;
  /** Imported files first, as loadWorkspace orders them (the checker's first-declaration-wins depends on it). */
  readonly files: readonly ParsedFile[];
  /** Parse diagnostics and import problems. */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * compiler/load/load-workspace.ts over the parse cache: the same traversal, order and import
 * messages (paths relative to the entry's folder, as `labc check` run beside it prints them),
 * but a file whose text did not change is not parsed again. A parity test holds the two together.
 * `read` returns undefined or throws for a file that cannot be read.
 */
export function loadProgram(root: string, read: (path: string) => string, cache: ParseCache): Program {
  const cwd = dirname(root);
  const r = new Reporter();
  const files: ParsedFile[] = [];
  const diagnostics: Diagnostic[] = [];
  const loaded = new Set<string>();
  const visit = (path: string, chain: string[], from?: ast.Import) => {
    if (chain.includes(path)) {
      if (from) r.report("importProblem", from.path.span, `import cycle: ${[...chain.slice(chain.indexOf(path)), path].map((p) => relative(cwd, p)).join(" → ")}`);
      return;
    }
    if (loaded.has(path)) return;
    let text: string;
    try {
      text = read(path);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
      if (from) r.report("importProblem", from.path.span, `cannot import ${relative(cwd, path)}: ${reason}`);
      return;
    }
    const file = cache.get(path, text);
    loaded.add(path);
    diagnostics.push(...file.diagnostics);
    for (const imp of file.ast.imports) {
      if (!imp.path.value.endsWith(".lab")) {
        r.report("importProblem", imp.path.span, `imports name .lab files; '${imp.path.value}' is not one`);
        continue;
      }
      visit(resolve(dirname(path), imp.path.value), [...chain, path], imp);
    }
    files.push(file);
  };
  visit(root, []);
  return { root, files, diagnostics: [...diagnostics, ...r.diagnostics] };
}

/** The absolute paths a file imports (whether or not they exist). */
export function importsOf(file: ParsedFile): string[] {
  return file.ast.imports.filter((i) => i.path.value.endsWith(".lab")).map((i) => resolve(dirname(file.path), i.path.value));
}
