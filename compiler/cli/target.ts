import { existsSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
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
  // A named file is built in place, beside it (the repository root holds cluster.lab); only a
  // run without one reads lab.config.ts, which is code and must not run for someone else's file.
  if (entry !== undefined && outDir === undefined) outDir = dirname(resolveEntry(cwd, entry));
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
  const entryPath = resolveEntry(cwd, entry!);
  if (!existsSync(entryPath)) throw new UsageError(`${relative(cwd, entryPath) || entry}: no such file${file === undefined ? " (named by lab.config.ts, or the default cluster.lab)" : ""}`);
  const outPath = resolve(cwd, outDir!);
  return { entry: relative(cwd, entryPath) || entryPath, out: outPath, outDisplay: relative(cwd, outPath) || "." };
}

/** The entry file a path names: `labc check some/dir` means the cluster.lab in that directory. */
function resolveEntry(cwd: string, entry: string): string {
  const entryPath = resolve(cwd, entry);
  if (existsSync(entryPath) && statSync(entryPath).isDirectory()) {
    const inside = join(entryPath, "cluster.lab");
    if (!existsSync(inside)) throw new UsageError(`${relative(cwd, entryPath) || "."} is a directory without a cluster.lab; name the .lab file to use`);
    return inside;
  }
  return entryPath;
}
