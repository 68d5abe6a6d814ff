import { createHash } from "node:crypto";
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Script } from "node:vm";
import type { BundleRuntime } from "../../runtime/bundle-runtime.js";
import { ownedAndPrivate, userCacheDir, userCachesOff } from "../../files/user-cache.js";

/**
 * The CLI's entry (dist/bundle/labc.js). It runs the bundled CLI (cli.cjs) as one script compiled
 * against a V8 code cache kept per user: compiling labc's code was a fifth of a `labc check` on
 * the homelab, and Node 20 caches no compilation of ES modules. Each command has a cache of its
 * own, because a cache holds only the functions the run that wrote it compiled.
 *
 * The cache is `$XDG_CACHE_HOME/labc/code/` (~/.cache/labc/code), `LABC_CACHE=off` turns it
 * off. A cache file is code labc runs, so it is used only from a folder and file that are the
 * user's own and writable by nobody else, and only when its own SHA-256 matches: V8 checks the
 * version and the source's length, not the bytes. Anything else compiles from source, as without
 * a cache, and writes a good one.
 */

declare const __LABC_BUNDLE_ID__: string;

interface Cli {
  main(argv: string[]): Promise<number>;
}

/** The commands worth a cache of their own; the rest share one. A test holds this to main's list. */
export const CACHED_COMMANDS: readonly string[] = ["build", "check", "init", "fmt", "lsp", "talos", "bootstrap", "status", "diff", "secret", "graph", "import"];

const here = dirname(fileURLToPath(import.meta.url));
const DIGEST_BYTES = 32;

export async function main(argv: string[]): Promise<number> {
  const command = CACHED_COMMANDS.find((c) => c === argv.find((a) => !a.startsWith("-"))) ?? "other";
  const scriptPath = join(here, "cli.cjs");
  // esbuild writes the bundle as ASCII (bin/build-bundle.mjs checks), so latin1 reads it exactly.
  const source = readFileSync(scriptPath, "latin1");
  const cacheFile = codeCacheFile(command);
  const cached = cacheFile ? readCodeCache(cacheFile) : undefined;
  const script = new Script(wrap(source), { filename: scriptPath, ...(cached ? { cachedData: cached } : {}) });
  const runtime: BundleRuntime = { import: (specifier) => import(specifier), bundleId: __LABC_BUNDLE_ID__ };
  const module = { exports: {} as Cli };
  (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, createRequire(scriptPath), module, scriptPath, here, runtime);
  if (!cacheFile || (cached && script.cachedDataRejected !== true)) return module.exports.main(argv);
  // A cache holds what its run compiled: a run that succeeded, or one still running after the
  // start of a long command (the language server, --watch) has settled, so a failed or
  // mistyped run never leaves a cache without the command's code.
  let written = false;
  const write = () => {
    if (written) return;
    written = true;
    writeCodeCache(cacheFile, script.createCachedData());
  };
  const settled = setTimeout(write, LONG_RUN_MS);
  settled.unref();
  try {
    const code = await module.exports.main(argv);
    if (code === 0) write();
    return code;
  } finally {
    clearTimeout(settled);
  }
}

/** How long a command runs before its code cache is written while it goes on. */
const LONG_RUN_MS = 3000;

/** The wrapper CommonJS gives a module, with labc's runtime as one more parameter. */
function wrap(source: string): string {
  return `(function (exports, require, module, __filename, __dirname, __labcRuntime) {${source}\n})`;
}

function codeCacheFile(command: string): string | undefined {
  // Without users' ids (Windows) a planted cache could not be told from one's own: none is kept.
  if (userCachesOff() || typeof process.getuid !== "function") return undefined;
  return join(userCacheDir("code"), `${__LABC_BUNDLE_ID__}-${process.version}-${process.arch}-${command}.v8`);
}

function readCodeCache(file: string): Buffer | undefined {
  try {
    if (!ownedAndPrivate(dirname(file)) || !ownedAndPrivate(file)) return undefined;
    const bytes = readFileSync(file);
    const data = bytes.subarray(DIGEST_BYTES);
    return createHash("sha256").update(data).digest().equals(bytes.subarray(0, DIGEST_BYTES)) ? data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Written beside and renamed into place, so a reader never sees half of one. Other labc builds'
 * caches go a day after they were written (two installed side by side do not undo each other's
 * more than once a day). Never fails the command.
 */
function writeCodeCache(file: string, data: Buffer): void {
  const dir = dirname(file);
  const temp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!ownedAndPrivate(dir)) return;
    writeFileSync(temp, Buffer.concat([createHash("sha256").update(data).digest(), data]), { mode: 0o600 });
    renameSync(temp, file);
    const dayAgo = Date.now() - 24 * 3600 * 1000;
    for (const name of readdirSync(dir)) {
      if (!name.endsWith(".v8") || name.startsWith(`${__LABC_BUNDLE_ID__}-`)) continue;
      if (lstatSync(join(dir, name)).mtimeMs < dayAgo) rmSync(join(dir, name), { force: true });
    }
  } catch {
    rmSync(temp, { force: true });
  }
}
