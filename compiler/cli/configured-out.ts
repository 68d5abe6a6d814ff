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
