import type { ParseResult } from "../../../lang/parser/parse.js";
import { parse } from "../../../lang/parser/parse.js";
import { reparse } from "../../../lang/parser/reparse.js";

/** One file's text and parse, keyed by absolute path; spans name the absolute path. */
export interface ParsedFile extends ParseResult {
  readonly path: string;
  readonly text: string;
  /** Bumped on every new text, so analyses can tell whether their inputs changed. */
  readonly version: number;
}

/**
 * Parses each distinct text once. An edit re-parses only the edited document (and of it, when
 * it can, only the declaration the edit lies in); the other files of a workspace keep their trees.
 */
export class ParseCache {
  private readonly files = new Map<string, ParsedFile>();
  private versions = 0;
  parses = 0;
  /** Of those, the parses that re-read only the edited declaration. */
  partialParses = 0;

  get(path: string, text: string): ParsedFile {
    const cached = this.files.get(path);
    if (cached && cached.text === text) return cached;
    this.parses++;
    const partial = cached && reparse(cached, text, path);
    if (partial) this.partialParses++;
    const file: ParsedFile = { ...(partial ?? parse(text, path)), path, text, version: ++this.versions };
    this.files.set(path, file);
    return file;
  }

  peek(path: string): ParsedFile | undefined {
    return this.files.get(path);
  }

  forget(path: string): void {
    this.files.delete(path);
  }

  paths(): string[] {
    return [...this.files.keys()];
  }
}
