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

export function loadJournal(fs: WriterFs, out: string): Journal | undefined {
  const path = join(out, JOURNAL_FILE);
  if (!fs.lstat(path)) return undefined;
  const journal = JSON.parse(fs.readFile(path)) as Journal;
  if (journal.version !== 1 || !Array.isArray(journal.writes) || !Array.isArray(journal.removes) || !Array.isArray(journal.dirs)) {
    throw new Error(`${path} is not a journal this labc understands`);
  }
  return journal;
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
