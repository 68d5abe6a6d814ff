import { join } from "node:path";
import { STATE_DIR } from "./output-manifest.js";
import type { WriterFs } from "./writer-fs.js";

export const JOURNAL_FILE = `${STATE_DIR}/journal.json`;

/**
 * What one write is about to do to the output, saved before the first change so a run that was
 * killed half-way can be undone by the next one. Entry i of `writes` is staged as `<stage>/i`;
 * before it replaces an existing file that file is moved to `<backup>/i`, and a removed file
 * goes to `<backup>/r<k>`. Nothing is deleted until the journal itself is gone (the commit).
 */
export interface Journal {
  readonly version: 1;
  readonly pid: number;
  readonly stage: string;
  readonly backup: string;
  /** Folders the write creates, parents first. */
  readonly dirs: readonly string[];
  readonly writes: readonly { readonly path: string; readonly existed: boolean }[];
  readonly removes: readonly string[];
}

export function saveJournal(fs: WriterFs, out: string, journal: Journal): void {
  const path = join(out, JOURNAL_FILE);
  const temp = `${path}.tmp`;
  if (fs.lstat(temp)) fs.unlink(temp);
  fs.writeFile(temp, `${JSON.stringify(journal)}\n`, 0o600);
  fs.rename(temp, path);
}

/**
 * The journal of an interrupted write, or undefined. One that does not hold together (paths
 * outside the output, or no backup folder, which a real write creates before its journal and
 * removes only after it) did not come from an interrupted write of this output, say it was
 * committed to Git with the tree: labc does not act on it, and says so.
 */
export function loadJournal(fs: WriterFs, out: string, notes: string[] = []): Journal | undefined {
  const path = join(out, JOURNAL_FILE);
  if (!fs.lstat(path)) return undefined;
  let journal: Journal | undefined;
  try {
    journal = JSON.parse(fs.readFile(path)) as Journal;
  } catch {
    journal = undefined;
  }
  if (journal && wellFormed(journal) && fs.lstat(join(out, STATE_DIR, journal.backup))?.isDirectory()) return journal;
  fs.rename(path, `${path}.ignored`);
  notes.push(`ignored ${path}: it is not the journal of an interrupted write of this output (kept as ${path}.ignored; delete it)`);
  return undefined;
}

function wellFormed(j: Journal): boolean {
  const inside = (p: unknown) => typeof p === "string" && p !== "" && !p.startsWith("/") && !p.includes("\\") && p.split("/").every((x) => x !== "" && x !== "." && x !== "..");
  return (
    j.version === 1 &&
    typeof j.pid === "number" &&
    j.stage === `stage-${j.pid}` &&
    j.backup === `backup-${j.pid}` &&
    Array.isArray(j.dirs) &&
    j.dirs.every(inside) &&
    Array.isArray(j.writes) &&
    j.writes.every((w) => inside(w?.path) && typeof w.existed === "boolean") &&
    Array.isArray(j.removes) &&
    j.removes.every(inside)
  );
}

/**
 * Puts the output back as it was before the journal's write, whatever step it stopped at. Each
 * step looks at what is on disk, so undoing twice (killed while undoing) is safe.
 */
export function undoJournal(fs: WriterFs, out: string, journal: Journal): void {
  const stage = join(out, STATE_DIR, journal.stage);
  const backup = join(out, STATE_DIR, journal.backup);
  journal.removes.forEach((path, k) => {
    const saved = join(backup, `r${k}`);
    if (fs.lstat(saved)) fs.rename(saved, join(out, path));
  });
  for (let i = journal.writes.length - 1; i >= 0; i--) {
    const { path, existed } = journal.writes[i]!;
    const target = join(out, path);
    const saved = join(backup, String(i));
    if (existed) {
      // Moved aside: put it back (over the new file, if that got in already).
      if (fs.lstat(saved)) fs.rename(saved, target);
    } else if (!fs.lstat(join(stage, String(i))) && fs.lstat(target)?.isFile()) {
      fs.unlink(target); // the new file, renamed in from the stage
    }
  }
  for (const dir of [...journal.dirs].reverse()) {
    const full = join(out, dir);
    if (fs.lstat(full)?.isDirectory() && fs.readdir(full).length === 0) fs.rmdir(full);
  }
  fs.unlink(join(out, JOURNAL_FILE));
  fs.removeTree(stage);
  fs.removeTree(backup);
}
