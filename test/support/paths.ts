import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

function findRepoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  // dist/ holds no package.json, so the first ancestor with one is the root in both layouts.
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error("repository root not found");
    dir = parent;
  }
  return dir;
}

/** The repository root (where package.json lives), from source or from dist/. */
export const repoRoot = findRepoRoot();
export const fixturesRoot = join(repoRoot, "test", "fixtures");

export function repoPath(...parts: string[]): string {
  return join(repoRoot, ...parts);
}

/**
 * Upstream test data (schemas, Talos vectors, sops vectors, the tree validator), vendored under
 * test/upstream/ (origins in test/upstream/SOURCES.md). Only the repository is read, so a fresh
 * clone tests the same data as every other checkout.
 */
export const upstreamRoot = join(repoRoot, "test", "upstream");

export function upstreamPath(...parts: string[]): string {
  return join(upstreamRoot, ...parts);
}

/**
 * The cache folder of the user running the tests. Tests that point HOME at a project (so no
 * personal key is found) keep XDG_CACHE_HOME here, as a user's is: labc's code cache must not
 * land in the project.
 */
export const userCacheHome = process.env["XDG_CACHE_HOME"] || join(homedir(), ".cache");
