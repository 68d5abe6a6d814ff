import { dirname, join } from "node:path";
import { MANIFEST_PATH, STATE_DIR } from "./output-manifest.js";
import { planTree, type FileToWrite } from "./plan-tree.js";
import { recoverOutput } from "./recover-output.js";
import { describeFsError, fsStep, WriteError } from "../files/write-error.js";
import { JOURNAL_FILE, saveJournal, undoJournal, type Journal } from "./write-journal.js";
import { realWriterFs, type WriterFs } from "./writer-fs.js";

export type { FileToWrite };

export interface WriteResult {
  readonly written: number;
  /** Files added, or whose content (or executable bit, which Git keeps) changed. */
  readonly changed: readonly string[];
  /** Of those, the ones that were not there before. */
  readonly added: readonly string[];
  /** Files whose bytes were right and only their permissions were not (see TreePlan.modesSet). */
  readonly modesSet: readonly string[];
  readonly removed: readonly string[];
  /** What the user should know: recovered runs, files kept because labc cannot tell they are its own. */
  readonly notes: readonly string[];
}

export interface WriteOptions {
  /** Tests swap in a file system that fails or dies at a chosen step. */
  readonly fs?: WriterFs;
}

/**
 * Writes the tree into `out` so that a failure or a kill at any step leaves the previous output:
 * changed files are written to a stage inside `out/.labc/` first, a journal of the swap is saved,
 * then each file is renamed into place, the file it replaces moved to a backup beside the stage.
 * Deleting the journal is the commit; until then a failure undoes every step, and so does the
 * next run after a kill. Nothing but labc's own files is ever moved: files labc did not write
 * (`.git`, the user's, the machine configs) stay where they are, and the output folder itself is
 * never renamed, so it may be the working directory or a mount point.
 */
export function writeTreeAtomically(out: string, files: readonly FileToWrite[], options: WriteOptions = {}): WriteResult {
  const fs = options.fs ?? realWriterFs;
  const notes = recover(fs, out);
  const plan = planTree(fs, out, files);
  notes.push(...plan.notes);
  const { changes, removes, modesSet } = plan;
  const modeOnly = new Set(modesSet);
  const changed = changes.map((c) => c.file.path).filter((p) => p !== MANIFEST_PATH && !modeOnly.has(p));
  const added = changes.filter((c) => !c.existed).map((c) => c.file.path).filter((p) => p !== MANIFEST_PATH);
  const result = { written: files.length, changed, added, modesSet, removed: removes, notes };
  // The usual rebuild changes nothing: then touch nothing, not even timestamps.
  // (Files of earlier builds not generated now change the manifest, so they never get here.)
  if (changes.length === 0 && removes.length === 0) return result;

  const state = join(out, STATE_DIR);
  mkdirs(fs, state);
  const journal: Journal = {
    version: 1,
    pid: process.pid,
    stage: `stage-${process.pid}`,
    backup: `backup-${process.pid}`,
    dirs: missingDirs(fs, out, changes.filter((c) => !c.existed).map((c) => c.file.path)),
    writes: changes.map((c) => ({ path: c.file.path, existed: c.existed })),
    removes,
  };
  const stage = join(state, journal.stage);
  const backup = join(state, journal.backup);
  try {
    step(stage, "create", () => fs.mkdir(stage));
    changes.forEach(({ file }, i) => {
      const staged = join(stage, String(i));
      step(join(out, file.path), "stage", () => fs.writeFile(staged, file.content, file.mode));
      // The mode given to open() is masked by the umask.
      step(join(out, file.path), "set the mode of", () => fs.chmod(staged, file.mode));
    });
    step(backup, "create", () => fs.mkdir(backup));
    step(join(out, JOURNAL_FILE), "save", () => saveJournal(fs, out, journal));
  } catch (error) {
    if (!fs.lstat(join(out, JOURNAL_FILE))) {
      quietly(() => fs.removeTree(stage));
      quietly(() => fs.removeTree(backup));
      throw unchanged(error);
    }
    throw rollBack(fs, out, journal, error);
  }
  try {
    for (const dir of journal.dirs) step(join(out, dir), "create the folder", () => fs.mkdir(join(out, dir)));
    changes.forEach(({ file, existed }, i) => {
      const target = join(out, file.path);
      if (existed) step(target, "move aside", () => fs.rename(target, join(backup, String(i))));
      step(target, "write", () => fs.rename(join(stage, String(i)), target));
    });
    removes.forEach((path, k) => step(join(out, path), "remove", () => fs.rename(join(out, path), join(backup, `r${k}`))));
    step(join(out, JOURNAL_FILE), "commit the write by removing", () => fs.unlink(join(out, JOURNAL_FILE)));
  } catch (error) {
    throw rollBack(fs, out, journal, error);
  }
  // Committed: what is left is labc's own and may go; a failure here is tidied up by the next run.
  quietly(() => fs.removeTree(backup));
  quietly(() => fs.removeTree(stage));
  // Folders only labc's files of earlier builds lived in: once empty they go (also when those
  // files were deleted by hand before this build, so nothing is left to remove but the folders).
  removeEmptiedFolders(fs, out, plan.stale, plan.generated);
  return result;
}

function recover(fs: WriterFs, out: string): string[] {
  try {
    return recoverOutput(fs, out);
  } catch (error) {
    if (error instanceof WriteError) throw error;
    throw new WriteError(`cannot finish undoing an interrupted write of ${out}: ${describeFsError(error)}; nothing was changed, and the next run tries again (the plan is in ${join(out, JOURNAL_FILE)})`, out);
  }
}

function step(path: string, what: string, run: () => void): void {
  fsStep(path, what, run);
}

function unchanged(error: unknown): WriteError {
  const message = error instanceof WriteError ? error.message : describeFsError(error);
  return new WriteError(`${message}; the previous output is unchanged`, error instanceof WriteError ? error.path : "");
}

/** Undoes a write that failed after its journal was saved; if that fails too, the next run finishes it. */
function rollBack(fs: WriterFs, out: string, journal: Journal, error: unknown): WriteError {
  try {
    undoJournal(fs, out, journal);
  } catch {
    const message = error instanceof WriteError ? error.message : describeFsError(error);
    return new WriteError(`${message}; labc could not put every previous file back yet: the next labc run in this project does (the plan is in ${join(out, JOURNAL_FILE)})`, out);
  }
  return unchanged(error);
}

/** mkdir -p through the writer's file system, one level at a time. */
function mkdirs(fs: WriterFs, dir: string): void {
  const st = fsStep(dir, "look at", () => fs.lstat(dir));
  if (st) return;
  if (dirname(dir) !== dir) mkdirs(fs, dirname(dir));
  step(dir, "create the folder", () => fs.mkdir(dir));
}

/** The folders (relative, parents first) that writing these new files needs. */
function missingDirs(fs: WriterFs, out: string, paths: readonly string[]): string[] {
  const dirs = new Set<string>();
  for (const path of paths) {
    const parts = path.split("/").slice(0, -1);
    for (let i = 1; i <= parts.length; i++) {
      const rel = parts.slice(0, i).join("/");
      if (!dirs.has(rel) && !fs.lstat(join(out, rel))) dirs.add(rel);
    }
  }
  return [...dirs].sort((a, b) => a.split("/").length - b.split("/").length || (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Removes the folders, deepest first, that held files of labc's earlier builds and are empty
 * now. Only those folders are labc's to remove: a folder the user made, or one holding anything
 * at all (a user's file, an empty folder of theirs), stays; so do the folders this build writes.
 */
function removeEmptiedFolders(fs: WriterFs, out: string, stale: readonly string[], generated: ReadonlySet<string>): void {
  const needed = new Set<string>();
  for (const path of generated) for (let dir = dirname(path); dir !== "." && dir !== ""; dir = dirname(dir)) needed.add(dir);
  const owned = new Set<string>();
  for (const path of stale) for (let dir = dirname(path); dir !== "." && dir !== "" && !needed.has(dir); dir = dirname(dir)) owned.add(dir);
  const deepestFirst = [...owned].sort((a, b) => b.split("/").length - a.split("/").length || (a < b ? -1 : a > b ? 1 : 0));
  for (const dir of deepestFirst) {
    const full = join(out, dir);
    if (!quietly(() => fs.lstat(full))?.isDirectory()) continue;
    if (quietly(() => fs.readdir(full).length === 0)) quietly(() => fs.rmdir(full));
  }
}

function quietly<T>(run: () => T): T | undefined {
  try {
    return run();
  } catch {
    return undefined;
  }
}
