import { existsSync, readdirSync, statSync } from "node:fs";
import { readProjectFile } from "../files/read-project-file.js";
import { join, relative, sep } from "node:path";
import { parseAllDocuments } from "yaml";

/**
 * Read access to the repository being imported: YAML documents by path, and the files under a
 * folder. Paths are relative to the repository root with `/`.
 */
export class RepoFiles {
  constructor(readonly root: string) {}

  exists(path: string): boolean {
    return existsSync(join(this.root, path));
  }

  text(path: string): string | undefined {
    const full = join(this.root, path);
    // Regular files only: a FIFO or device in a repository being imported must not hang labc.
    const read = readProjectFile(full);
    return read.kind === "file" ? read.text : undefined;
  }

  /** Every document of a YAML file as plain data (empty when the file is missing). */
  documents(path: string): unknown[] {
    const text = this.text(path);
    if (text === undefined) return [];
    return parseAllDocuments(text)
      .map((d) => d.toJS({ maxAliasCount: 100 }) as unknown)
      .filter((d) => d !== null && d !== undefined);
  }

  document(path: string): Record<string, unknown> | undefined {
    const first = this.documents(path)[0];
    return isRecord(first) ? first : undefined;
  }

  /** Subfolder names of a folder, sorted. */
  folders(path: string): string[] {
    const full = join(this.root, path);
    if (!existsSync(full)) return [];
    return readdirSync(full).filter((n) => statSync(join(full, n)).isDirectory()).sort();
  }

  /** Every file below a folder, relative to the repository root, sorted. */
  files(path: string): string[] {
    const out: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir).sort()) {
        const full = join(dir, name);
        if (statSync(full).isDirectory()) walk(full);
        else out.push(relative(this.root, full).split(sep).join("/"));
      }
    };
    const start = join(this.root, path);
    if (existsSync(start)) walk(start);
    return out;
  }
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** `obj.a.b.c` without a crash on a missing step. */
export function at(v: unknown, ...path: (string | number)[]): unknown {
  let cur = v;
  for (const step of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string | number, unknown>)[step];
  }
  return cur;
}

export function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : typeof v === "number" ? String(v) : undefined;
}
