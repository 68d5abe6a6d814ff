import { existsSync, readdirSync, statSync, type Dirent } from "node:fs";
import { join } from "node:path";

/**
 * The one walk that looks for `.lab` files below a folder (`labc fmt <dir>` and the language
 * server's workspace scan). A folder may be anything the user pointed at, `$HOME` or `/usr`
 * included, so the walk skips what never holds sources (VCS metadata, dependencies, labc's own
 * output), visits each real folder once (a symbolic link back up, like `/usr/bin/X11 -> .`,
 * would otherwise loop until ELOOP or forever) and stops at a bound, saying which one.
 */

/** Folder names never searched: VCS metadata, dependencies, build output. */
const SKIPPED_NAMES = new Set([".git", "node_modules", "dist", "out"]);

export interface ScanLimits {
  /** `.lab` files collected before the walk stops. */
  readonly maxFiles: number;
  /** Folder entries read (files and folders of any kind) before the walk stops. */
  readonly maxEntries: number;
  /** Folder levels below the root that are entered. */
  readonly maxDepth: number;
}

export const DEFAULT_SCAN_LIMITS: ScanLimits = { maxFiles: 2000, maxEntries: 50_000, maxDepth: 16 };

export interface LabFileScan {
  /** Absolute paths, in walk order (sorted names, depth first). */
  readonly files: string[];
  /** The bound that stopped the walk early, if one did. */
  readonly stoppedAt: keyof ScanLimits | undefined;
  /** Folders not entered because their real folder was already visited (symbolic link loops, aliases). */
  readonly revisits: string[];
}

/** A folder holding `.labc/manifest.json` is a `labc build` output: its files are generated. */
export function isOutputFolder(dir: string): boolean {
  return existsSync(join(dir, ".labc", "manifest.json"));
}

export function findLabFiles(root: string, limits: ScanLimits = DEFAULT_SCAN_LIMITS): LabFileScan {
  const files: string[] = [];
  const revisits: string[] = [];
  const visited = new Set<string>();
  let entries = 0;
  let stoppedAt: "maxFiles" | "maxEntries" | undefined;
  let tooDeep = false;

  /** dev:ino of a folder (following links), or undefined when it is no readable folder. */
  const identity = (dir: string): string | undefined => {
    try {
      const s = statSync(dir, { bigint: true });
      return s.isDirectory() ? `${s.dev}:${s.ino}` : undefined;
    } catch {
      return undefined;
    }
  };

  const walk = (dir: string, depth: number): void => {
    const id = identity(dir);
    if (id === undefined) return;
    if (visited.has(id)) {
      revisits.push(dir);
      return;
    }
    visited.add(id);
    if (depth > 0 && isOutputFolder(dir)) return;
    let list: Dirent[];
    try {
      list = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch {
      return;
    }
    for (const entry of list) {
      if (stoppedAt) return;
      if (++entries > limits.maxEntries) {
        stoppedAt = "maxEntries";
        return;
      }
      const full = join(dir, entry.name);
      if (entry.name.endsWith(".lab") && !entry.isDirectory()) {
        if (files.length >= limits.maxFiles) {
          stoppedAt = "maxFiles";
          return;
        }
        files.push(full);
        continue;
      }
      if (entry.name.startsWith(".") || SKIPPED_NAMES.has(entry.name)) continue;
      if (!entry.isDirectory() && !entry.isSymbolicLink()) continue;
      if (depth + 1 > limits.maxDepth) {
        if (identity(full) !== undefined) tooDeep = true;
        continue;
      }
      walk(full, depth + 1);
    }
  };

  walk(root, 0);
  return { files, stoppedAt: stoppedAt ?? (tooDeep ? "maxDepth" : undefined), revisits };
}

/** One line for a log or a warning: why the scan of `root` is incomplete. */
export function describeStop(root: string, scan: LabFileScan, limits: ScanLimits = DEFAULT_SCAN_LIMITS): string | undefined {
  switch (scan.stoppedAt) {
    case undefined:
      return undefined;
    case "maxFiles":
      return `stopped looking for .lab files under ${root} after ${limits.maxFiles} files; open a project folder (one holding cluster.lab or lab.config.ts) instead`;
    case "maxEntries":
      return `stopped looking for .lab files under ${root} after ${limits.maxEntries} folder entries; open a project folder (one holding cluster.lab or lab.config.ts) instead`;
    case "maxDepth":
      return `did not look for .lab files more than ${limits.maxDepth} folders deep under ${root}`;
  }
}
