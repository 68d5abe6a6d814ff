import { dirname, resolve } from "node:path";
import type { Span } from "../../lang/diagnostics/span.js";
import { InputError, MAX_FILE_BYTES, readInput } from "../files/read-input.js";
import { outsideReason, type Confinement } from "../files/confine.js";

/** Reads text for an absolute path; the language server may substitute unsaved buffers. */
export type ReadText = (absolutePath: string) => string;

/**
 * Files a .lab file names with `file("…")` (Talos patches), resolved like `import` paths:
 * relative to the .lab file that names them. That file's location is where the loader read it
 * (`known`); failing that, its span file name: absolute (the language server) or relative to `cwd`.
 */
export interface SourceFiles {
  /**
   * Throws when the file can't be read: an InputError (problem "outside" for a path that leaves
   * the project, "not-regular" for a FIFO or device, "too-large" past MAX_FILE_BYTES), or
   * whatever a substituted reader throws.
   */
  read(path: string, from: Span): { readonly absolutePath: string; readonly text: string };
  /** Why a secret's file("…") path (relative to the project's entry directory `root`) is out of bounds, if it is. */
  secretOutside(path: string, root: string): string | undefined;
}

export interface SourceFilesOptions {
  /** Span file name → absolute path of the .lab files the loader read. */
  readonly known?: ReadonlyMap<string, string>;
  readonly cwd?: string;
  readonly readText?: ReadText;
  /** Where file(…) may lead; undefined: anywhere. */
  readonly confinement?: Confinement;
}

export function sourceFiles(options: SourceFilesOptions = {}): SourceFiles {
  const cwd = options.cwd ?? process.cwd();
  const readText = options.readText ?? ((p: string) => readInput(p, { maxBytes: MAX_FILE_BYTES }));
  return {
    read(path, from) {
      const labFile = options.known?.get(from.file) ?? resolve(cwd, from.file);
      const absolutePath = resolve(dirname(labFile), path);
      const outside = outsideReason(options.confinement, path, absolutePath);
      if (outside) throw new InputError(absolutePath, "outside", `${path}: ${outside}`);
      return { absolutePath, text: readText(absolutePath) };
    },
    secretOutside(path, root) {
      return outsideReason(options.confinement, path, resolve(root, path));
    },
  };
}
