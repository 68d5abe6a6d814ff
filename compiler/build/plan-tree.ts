import { join } from "node:path";
import { inspectTarget, readPreviousOutput } from "./output-target.js";
import { MANIFEST_PATH, manifestText, readManifest } from "./output-manifest.js";
import { fsStep, WriteError } from "../files/write-error.js";
import type { WriterFs } from "./writer-fs.js";

export interface FileToWrite {
  readonly path: string;
  readonly content: string;
  readonly mode: number;
  /**
   * The build cache found exactly these bytes at the path already, a regular file with this mode:
   * no need to look at it or read it again.
   */
  readonly onDisk?: { readonly mode: number };
}

export interface TreePlan {
  /** Files to write, the manifest among them; `existed` tells a changed file from a new one. */
  readonly changes: readonly { readonly file: FileToWrite; readonly existed: boolean }[];
  /**
   * Of those, files whose bytes were right and only their permissions were not (0644 where labc
   * writes 0600): Git keeps no permission but the executable bit, so a fresh clone has them all
   * like this and `git status` shows nothing. They are set, but not counted as changed.
   */
  readonly modesSet: readonly string[];
  /** Files of earlier builds this one does not generate (gone already or about to be removed). */
  readonly stale: readonly string[];
  /** Every path this build writes, the manifest among them. */
  readonly generated: ReadonlySet<string>;
  /** Files labc wrote before and no longer generates. */
  readonly removes: readonly string[];
  readonly notes: readonly string[];
  /** False when `out` does not exist yet. */
  readonly outExists: boolean;
}

/** The folders labc generated before it kept a manifest: only there can a file without one be a leftover of labc's. */
const LEGACY_ROOTS = ["kubernetes", "bootstrap", "talos"];

/**
 * What writing `files` into `out` would change, found by reading only: the same answer serves the
 * atomic write and `labc build --dry-run`. Refuses (WriteError) what the write would refuse: a
 * link or a folder where a file goes, a file of the user's at a path labc now generates.
 */
export function planTree(fs: WriterFs, out: string, files: readonly FileToWrite[]): TreePlan {
  const notes: string[] = [];
  const outStat = fsStep(out, "look at", () => fs.lstat(out));
  if (outStat && !outStat.isDirectory() && !outStat.isSymbolicLink()) throw new WriteError(`${out} is not a folder; move it away or choose another --out`, out);

  const previous = outStat ? readManifest(fs, join(out, MANIFEST_PATH)) : new Set<string>();
  const all = [...files, { path: MANIFEST_PATH, content: manifestText(files.map((f) => f.path)), mode: 0o644 }];
  const generated = new Set(all.map((f) => f.path));
  const changes: { file: FileToWrite; existed: boolean }[] = [];
  const modesSet: string[] = [];
  const folders = new Set<string>();
  for (const file of all) {
    const st = outStat ? inspectTarget(fs, out, file.path, folders, file.onDisk) : undefined;
    if (!st) changes.push({ file, existed: false });
    else if ((!file.onDisk && readPreviousOutput(out, file.path, fs, folders) !== file.content) || (st.mode & 0o100) !== (file.mode & 0o100)) changes.push({ file, existed: true });
    else if ((st.mode & 0o777) !== file.mode) {
      changes.push({ file, existed: true });
      if (file.path !== MANIFEST_PATH) modesSet.push(file.path);
    }
  }
  // A file labc did not write, at a path it now generates (a new app over a hand-written file):
  // replacing it would lose the user's work. Without a manifest labc cannot tell, as before.
  const foreign = previous ? changes.find((c) => c.existed && c.file.path !== MANIFEST_PATH && !previous.has(c.file.path)) : undefined;
  if (foreign) {
    const path = join(out, foreign.file.path);
    throw new WriteError(`${path} is not a file labc wrote (it is not in ${MANIFEST_PATH}), and labc now generates it; move it away and build again; the previous output is unchanged`, path);
  }
  const removes: string[] = [];
  if (previous) {
    for (const path of [...previous].sort()) {
      if (generated.has(path)) continue;
      try {
        if (inspectTarget(fs, out, path, folders)) removes.push(path);
      } catch (error) {
        if (!(error instanceof WriteError)) throw error;
        notes.push(`kept ${path}, which labc wrote earlier and no longer generates: ${error.message.split(";")[0]}`);
      }
    }
  } else {
    const unknown = LEGACY_ROOTS.flatMap((root) => filesBelow(fs, out, root)).filter((p) => !generated.has(p) && !p.startsWith("talos/clusterconfig/"));
    if (unknown.length > 0) {
      notes.push(
        `kept ${unknown.length} file${unknown.length === 1 ? "" : "s"} that labc no longer generates but cannot tell from yours, since ${out} was built before labc kept ${MANIFEST_PATH}: ${unknown.slice(0, 5).join(", ")}${unknown.length > 5 ? ` and ${unknown.length - 5} more` : ""}; delete them if they are leftovers`,
      );
    }
  }
  const stale = previous ? [...previous].filter((p) => !generated.has(p)) : [];
  return { changes, modesSet, stale, generated, removes, notes, outExists: outStat !== undefined };
}

function filesBelow(fs: WriterFs, out: string, rel: string): string[] {
  const st = fs.lstat(join(out, rel));
  if (!st?.isDirectory()) return st?.isFile() ? [rel] : [];
  return fs.readdir(join(out, rel)).flatMap((name) => filesBelow(fs, out, `${rel}/${name}`));
}
