import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { importOutside } from "../runtime/bundle-runtime.js";
import { ownedAndPrivate, userCacheDir } from "../files/user-cache.js";

/**
 * lab.config.ts as JavaScript. esbuild starts a helper process (about 60 ms), so the result is
 * cached per user, keyed by the source text, in `$XDG_CACHE_HOME/labc` (0700: nobody else can
 * plant code there). A stale or unreadable cache entry just means transpiling again.
 */
export async function transpileConfig(source: string, path: string): Promise<string> {
  const dir = userCacheDir("config");
  const file = join(dir, `${createHash("sha256").update(source).digest("hex")}.mjs`);
  try {
    // Code labc runs: taken only from a folder and file nobody else could have written.
    if (ownedAndPrivate(dir) && ownedAndPrivate(file)) return readFileSync(file, "utf8");
  } catch {
    // not cached yet
  }
  const { transform } = await importOutside<typeof import("esbuild")>("esbuild");
  const { code } = await transform(source, { loader: "ts", format: "esm", sourcefile: path });
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(file, code, { mode: 0o600 });
  } catch {
    // a read-only home is no reason to fail the build
  }
  return code;
}

/** A module without imports can be loaded from memory; one with imports must sit beside the config. */
export function hasImports(code: string): boolean {
  return /^\s*import\b|\bimport\s*\(|\brequire\s*\(/m.test(code);
}
