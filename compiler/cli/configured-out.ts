import { existsSync } from "node:fs";
import { join, resolve } from "node:path";

/**
 * The output directory named by lab.config.ts, when there is such a file in the working
 * directory; undefined otherwise. Commands that only inspect the output (`check`, `secret list`)
 * use it without requiring a config, unlike `build`, which needs to know where to write.
 */
export async function configuredOut(cwd = process.cwd()): Promise<string | undefined> {
  if (!["lab.config.ts", "lab.config.mjs", "lab.config.js"].some((n) => existsSync(join(cwd, n)))) return undefined;
  const { loadConfig } = await import("../config/load-config.js");
  try {
    const loaded = await loadConfig(cwd);
    return resolve(loaded.dir, loaded.config.out);
  } catch {
    return undefined;
  }
}

/**
 * `root` when a build wrote its tree there (in place, the default layout: the repository root
 * holds cluster.lab), else undefined: commands that inspect the output look there by default.
 */
export function inPlaceOut(root: string): string | undefined {
  return existsSync(join(root, ".labc", "manifest.json")) ? root : undefined;
}
