import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";

/**
 * Every file below `root`, as sorted `/`-separated relative paths; without the build cache (`.labc/cache/`), which is the machine's
 * own state, ignored by Git, and no part of what a build outputs.
 */
export function listFiles(root: string): string[] {
  const out: string[] = [];
  const cache = join(root, ".labc", "cache");
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (full === cache) continue;
      if (statSync(full).isDirectory()) walk(full);
      else out.push(relative(root, full).split("\\").join("/"));
    }
  };
  if (existsSync(root)) walk(root);
  return out.sort();
}

export function readTree(root: string): Map<string, string> {
  return new Map(listFiles(root).map((f) => [f, readFileSync(join(root, f), "utf8")]));
}

/** A fresh temporary directory, optionally seeded with a copy of `from`. */
export function tempDir(prefix: string, from?: string): string {
  const dir = mkdtempSync(join(tmpdir(), `labc-${prefix}-`));
  if (from && existsSync(from)) cpSync(from, dir, { recursive: true });
  return dir;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
