import { existsSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { UsageError } from "./usage-error.js";

export interface Target {
  readonly entry: string;
  readonly out: string;
  readonly outDisplay: string;
}

/** The entry file and output directory: from the arguments, else from lab.config.ts. */
export async function resolveTarget(file: string | undefined, out: string | undefined): Promise<Target> {
  const cwd = process.cwd();
  let entry = file;
  let outDir = out;
  if (entry === undefined || outDir === undefined) {
    const { loadConfig, ConfigError } = await import("../config/load-config.js");
    try {
      const loaded = await loadConfig(cwd);
      entry ??= resolve(loaded.dir, loaded.config.entry);
      outDir ??= resolve(loaded.dir, loaded.config.out);
    } catch (error) {
      if (error instanceof ConfigError) throw new UsageError(error.message);
      throw error;
    }
  }
  let entryPath = resolve(cwd, entry);
  // `labc check some/dir` means the project in that directory.
  if (existsSync(entryPath) && statSync(entryPath).isDirectory()) {
    const inside = join(entryPath, "cluster.lab");
    if (!existsSync(inside)) throw new UsageError(`${relative(cwd, entryPath) || "."} is a directory without a cluster.lab; name the .lab file to use`);
    entryPath = inside;
  }
  if (!existsSync(entryPath)) throw new UsageError(`${relative(cwd, entryPath) || entry}: no such file${file === undefined ? " (named by lab.config.ts, or the default cluster.lab)" : ""}`);
  const outPath = resolve(cwd, outDir);
  return { entry: relative(cwd, entryPath) || entryPath, out: outPath, outDisplay: relative(cwd, outPath) || "." };
}
