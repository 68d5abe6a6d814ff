import { join, relative, sep } from "node:path";
import fg from "fast-glob";
import { MAX_LAB_BYTES, readInput } from "../files/read-input.js";

/**
 * The `.lab` files of a project and what changed between two looks at them. A snapshot keeps
 * each file's content, so an editor that rewrites a file with the same bytes (or touches it)
 * causes no rebuild, and a change is reported even when the mtime did not move.
 */
export type LabSnapshot = ReadonlyMap<string, string>;

export interface LabChanges {
  readonly added: readonly string[];
  readonly changed: readonly string[];
  readonly removed: readonly string[];
}

/** Never descended into: dependencies, VCS data and labc's own staging directories. */
const IGNORE = ["**/node_modules/**", "**/.git/**", "**/.*.labc-stage-*/**", "**/.*.labc-old-*/**"];

/** Every `**\/*.lab` under `root`, relative with `/`, skipping `exclude` (the output directory). */
export function findLabFiles(root: string, exclude: readonly string[] = []): string[] {
  const ignore = [...IGNORE, ...exclude.map((dir) => `${toPosix(relative(root, dir))}/**`).filter((p) => !p.startsWith("..") && p !== "/**")];
  return fg.sync("**/*.lab", { cwd: root, ignore, dot: false, onlyFiles: true, followSymbolicLinks: false }).sort();
}

export function snapshot(root: string, files: readonly string[]): LabSnapshot {
  const out = new Map<string, string>();
  for (const file of files) {
    try {
      out.set(file, readInput(join(root, file), { maxBytes: MAX_LAB_BYTES }));
    } catch {
      // Deleted between the glob and the read, or not a regular file: absent from this snapshot.
    }
  }
  return out;
}

export function diffSnapshots(before: LabSnapshot, after: LabSnapshot): LabChanges {
  const added = [...after.keys()].filter((f) => !before.has(f));
  const removed = [...before.keys()].filter((f) => !after.has(f));
  const changed = [...after.keys()].filter((f) => before.has(f) && before.get(f) !== after.get(f));
  return { added, changed, removed };
}

export function hasChanges(c: LabChanges): boolean {
  return c.added.length + c.changed.length + c.removed.length > 0;
}

function toPosix(path: string): string {
  return path.split(sep).join("/");
}
