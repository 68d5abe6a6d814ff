import { readdirSync, statSync } from "node:fs";
import { MAX_LAB_BYTES, readInput } from "../../files/read-input.js";
import { findLabFiles, type LabFileScan, type ScanLimits } from "../../files/find-lab-files.js";
import { basename, dirname, join, sep } from "node:path";
import { isTooBroadToScan, projectRootOf } from "./project-root.js";
import { pathToUri } from "../convert.js";
import { analyze, type Analysis } from "./analysis.js";
import { importsOf, loadProgram } from "./load-program.js";
import { ParseCache } from "./parsed-file.js";
import { CheckMemo } from "../../check/check-memo.js";

/**
 * The bounds of one workspace scan: a project has tens of `.lab` files; a folder past these is
 * not one project (the client opened `$HOME` or `/usr`), and the server must answer anyway.
 */
export const LSP_SCAN_LIMITS: ScanLimits = { maxFiles: 1000, maxEntries: 10_000, maxDepth: 12 };

/** What one scan found and where it stopped, for the server to report. */
export interface FolderScan extends LabFileScan {
  readonly folder: string;
}

/**
 * The `.lab` files the server knows (open documents, files found in the workspace folders, files
 * they import) and the programs they form. A program is an entry file and its imports; the
 * entry of a file is a file that imports it (transitively) and that nothing imports, so
 * `apps.lab` is checked as part of the `cluster.lab` that imports it, like `labc check` would.
 */
export class LabWorkspace {
  readonly cache = new ParseCache();
  private readonly open = new Map<string, { uri: string; text: string; version: number | undefined }>();
  /** Folders already scanned: a second document of the same project does not scan again. */
  private readonly scanned = new Set<string>();
  private readonly disk = new Map<string, string | Error>();
  private readonly known = new Set<string>();
  private readonly analyses = new Map<string, { key: string; analysis: Analysis }>();
  /** Per entry file: the checker's work the next check of that program may reuse. */
  private readonly memos = new Map<string, CheckMemo>();
  private importers: Map<string, Set<string>> | undefined;

  /**
   * Reads open documents first, then the disk (cached until the file is reported changed): a
   * repository opened in the editor may be hostile, so only regular files, at most 1 MiB.
   */
  readonly read = (path: string): string => {
    const doc = this.open.get(path);
    if (doc) return doc.text;
    let text = this.disk.get(path);
    if (text === undefined) {
      try {
        text = readInput(path, { maxBytes: MAX_LAB_BYTES });
      } catch (error) {
        text = error as Error;
      }
      this.disk.set(path, text);
    }
    if (text instanceof Error) throw text;
    return text;
  };

  constructor(private readonly limits: ScanLimits = LSP_SCAN_LIMITS) {}

  /** Scans a folder for `.lab` files (once), within the bounds; the caller reports where it stopped. */
  addFolder(folder: string): FolderScan {
    const scan = findLabFiles(folder, this.limits);
    this.scanned.add(folder);
    for (const file of scan.files) this.known.add(file);
    this.importers = undefined;
    return { ...scan, folder };
  }

  /**
   * Where a workspace folder the client names is scanned from: the project it lies in (the
   * nearest folder above holding cluster.lab or lab.config.ts), else the folder itself, else
   * nowhere when that is `$HOME` or `/` (the documents opened then bring their own projects).
   */
  scanRootFor(folder: string): string | undefined {
    return projectRootOf(folder) ?? (isTooBroadToScan(folder) ? undefined : folder);
  }

  /** Scans the project a document lies in, unless a scanned folder already covers it. */
  addProjectOf(path: string): FolderScan | undefined {
    const root = projectRootOf(dirname(path));
    if (!root || this.covers(root)) return undefined;
    return this.addFolder(root);
  }

  private covers(dir: string): boolean {
    for (const folder of this.scanned) if (dir === folder || dir.startsWith(folder.endsWith(sep) ? folder : folder + sep)) return true;
    return false;
  }

  setDocument(path: string, uri: string, text: string, version?: number): void {
    if (!this.known.has(path)) {
      this.known.add(path);
      // A file outside the workspace folders: its siblings may import it.
      for (const name of safeList(dirname(path))) if (name.endsWith(".lab")) this.known.add(join(dirname(path), name));
    }
    this.open.set(path, { uri, text, version });
    this.importers = undefined;
  }

  /** The client's version of an open document (undefined for a file read from disk). */
  versionOf(path: string): number | undefined {
    return this.open.get(path)?.version;
  }

  closeDocument(path: string): void {
    this.open.delete(path);
    this.importers = undefined;
  }

  /** A file changed, appeared or disappeared on disk (workspace/didChangeWatchedFiles). */
  diskChanged(path: string): void {
    this.disk.delete(path);
    if (existsFile(path)) this.known.add(path);
    else if (!this.open.has(path)) this.known.delete(path);
    this.importers = undefined;
  }

  isOpen(path: string): boolean {
    return this.open.has(path);
  }

  openPaths(): string[] {
    return [...this.open.keys()];
  }

  knownPaths(): string[] {
    return [...this.known];
  }

  uriOf = (path: string): string => this.open.get(path)?.uri ?? pathToUri(path);

  /** The entry file of the program that `path` is checked in. */
  rootOf(path: string): string {
    const importers = this.importGraph();
    const roots: string[] = [];
    const seen = new Set<string>([path]);
    const queue = [path];
    while (queue.length > 0) {
      const p = queue.shift()!;
      const up = importers.get(p);
      if (!up || up.size === 0) roots.push(p);
      for (const q of up ?? []) {
        if (!seen.has(q)) {
          seen.add(q);
          queue.push(q);
        }
      }
    }
    if (roots.length === 0 || roots.includes(path)) return path;
    roots.sort();
    return roots.find((r) => basename(r) === "cluster.lab") ?? roots[0]!;
  }

  /** The analysis of the program `path` belongs to; reused while none of its files changed. */
  analysisFor(path: string): Analysis {
    return this.analyzeRoot(this.rootOf(path));
  }

  analyzeRoot(root: string): Analysis {
    const program = loadProgram(root, this.read, this.cache);
    const key = program.files.map((f) => `${f.path}#${f.version}`).join("|") + `|${program.diagnostics.length}`;
    const cached = this.analyses.get(root);
    if (cached && cached.key === key) return cached.analysis;
    let memo = this.memos.get(root);
    if (!memo) this.memos.set(root, (memo = new CheckMemo()));
    const analysis = analyze(program, memo);
    this.analyses.set(root, { key, analysis });
    return analysis;
  }

  /** The checker's memo for the program with this entry file, once it was analysed. */
  memoOf(root: string): CheckMemo | undefined {
    return this.memos.get(root);
  }

  private importGraph(): Map<string, Set<string>> {
    if (this.importers) return this.importers;
    const importers = new Map<string, Set<string>>();
    for (const path of new Set([...this.known, ...this.open.keys()])) {
      let text: string;
      try {
        text = this.read(path);
      } catch {
        continue;
      }
      for (const target of importsOf(this.cache.get(path, text))) {
        if (!importers.has(target)) importers.set(target, new Set());
        importers.get(target)!.add(path);
      }
    }
    this.importers = importers;
    return importers;
  }
}

function existsFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
