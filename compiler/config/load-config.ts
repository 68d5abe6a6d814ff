import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { labConfigSchema, type ResolvedLabConfig } from "./lab-config.js";
import { hasImports, transpileConfig } from "./transpile-config.js";
import { importOutside } from "../runtime/bundle-runtime.js";

export interface LoadedConfig {
  readonly config: ResolvedLabConfig;
  /** Directory paths in the config are relative to. */
  readonly dir: string;
  readonly path: string | undefined;
}

export class ConfigError extends Error {}

/**
 * Finds `lab.config.ts` (or .mjs/.js) in `cwd`, transpiles TypeScript with esbuild (loaded only
 * here, and cached), imports it (from memory, or from a temporary file beside it when it has
 * imports of its own, so that they resolve), and validates the default export with zod.
 */
export async function loadConfig(cwd: string): Promise<LoadedConfig> {
  const candidates = ["lab.config.ts", "lab.config.mjs", "lab.config.js"].map((n) => join(cwd, n));
  const path = candidates.find((p) => existsSync(p));
  if (!path) return { config: labConfigSchema.parse({}), dir: cwd, path: undefined };
  let exported: unknown;
  if (path.endsWith(".ts")) {
    const code = await transpileConfig(readFileSync(path, "utf8"), path);
    if (!hasImports(code)) {
      exported = (await importOutside<{ default?: unknown }>(`data:text/javascript;base64,${Buffer.from(code).toString("base64")}`)).default;
    } else {
      const temp = join(dirname(path), `.lab.config.${process.pid}.mjs`);
      writeFileSync(temp, code);
      try {
        exported = (await importOutside<{ default?: unknown }>(pathToFileURL(temp).href)).default;
      } finally {
        rmSync(temp, { force: true });
      }
    }
  } else {
    exported = (await importOutside<{ default?: unknown }>(pathToFileURL(path).href)).default;
  }
  const parsed = labConfigSchema.safeParse(exported ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(config)"}: ${i.message}`).join("; ");
    throw new ConfigError(`${path}: invalid configuration: ${issues}`);
  }
  return { config: parsed.data, dir: resolve(dirname(path)), path };
}
