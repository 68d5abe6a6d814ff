import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Span } from "../../lang/diagnostics/span.js";

/** Reads text for an absolute path; the language server may substitute unsaved buffers. */
export type ReadText = (absolutePath: string) => string;

/**
 * Files a .lab file names with `file("…")` (Talos patches), resolved like `import` paths:
 * relative to the .lab file that names them. That file's location is where the loader read it
 * (`known`); failing that, its span file name: absolute (the language server) or relative to `cwd`.
 */
export interface SourceFiles {
  /** Throws (an ENOENT error, say) when the file can't be read. */
  read(path: string, from: Span): { readonly absolutePath: string; readonly text: string };
}

export interface SourceFilesOptions {
  /** Span file name → absolute path of the .lab files the loader read. */
  readonly known?: ReadonlyMap<string, string>;
  readonly cwd?: string;
  readonly readText?: ReadText;
}

export function sourceFiles(options: SourceFilesOptions = {}): SourceFiles {
  const cwd = options.cwd ?? process.cwd();
  const readText = options.readText ?? ((p: string) => readFileSync(p, "utf8"));
  return {
    read(path, from) {
      const labFile = options.known?.get(from.file) ?? resolve(cwd, from.file);
      const absolutePath = resolve(dirname(labFile), path);
      return { absolutePath, text: readText(absolutePath) };
    },
  };
}
