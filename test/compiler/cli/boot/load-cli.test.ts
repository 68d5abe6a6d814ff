import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { repoPath } from "../../../support/paths.js";
import { removeDir, tempDir } from "../../../support/tree.js";
import { CACHED_COMMANDS } from "../../../../compiler/cli/boot/load-cli.js";
import { runnableCommands } from "../../../../compiler/cli/main.js";

const entry = repoPath("examples", "homelab", "cluster.lab");

/** `labc check` on the homelab through bin/labc.js, with the code cache under `cacheHome`. */
function check(cacheHome: string, env: Record<string, string> = {}) {
  const run = spawnSync(process.execPath, [repoPath("bin", "labc.js"), "check", entry], { cwd: repoPath(), encoding: "utf8", env: { ...process.env, XDG_CACHE_HOME: cacheHome, ...env } });
  assert.equal(run.status, 0, run.stderr);
  return { stdout: run.stdout, stderr: run.stderr };
}

function cacheFiles(cacheHome: string): string[] {
  const dir = join(cacheHome, "labc", "code");
  return existsSync(dir) ? readdirSync(dir).map((n) => join(dir, n)) : [];
}

test("every command main runs has a code cache of its own, help and completion aside", () => {
  assert.deepEqual([...CACHED_COMMANDS].sort(), runnableCommands().filter((c) => c !== "help" && c !== "completion").sort());
});

test("the first run writes the command's code cache, private to the user; the next run uses it as it is", () => {
  const home = tempDir("code-cache");
  try {
    const cold = check(home);
    const [file, ...more] = cacheFiles(home);
    assert.ok(file && more.length === 0 && file.endsWith("-check.v8"), String(cacheFiles(home)));
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(statSync(join(home, "labc", "code")).mode & 0o777, 0o700);
    const written = statSync(file);
    const warm = check(home);
    assert.deepEqual(warm, cold, "the same answer with the cache");
    // Rewritten only when missing or refused: the same inode and time mean V8 took it.
    const after = statSync(file);
    assert.deepEqual([after.ino, after.mtimeMs], [written.ino, written.mtimeMs]);
  } finally {
    removeDir(home);
  }
});

test("a damaged code cache, or one others could write, is not run: labc compiles from source and writes a good one", () => {
  const home = tempDir("code-cache");
  try {
    const expected = check(home);
    const [file] = cacheFiles(home);
    const good = readFileSync(file!);
    // A byte of the code itself: V8 would not notice, the cache's own digest does.
    const damaged = Buffer.from(good);
    damaged[Math.floor(good.length / 2)]! ^= 0x5a;
    writeFileSync(file!, damaged);
    assert.deepEqual(check(home), expected);
    assert.notDeepEqual(readFileSync(file!), damaged, "the damaged cache was replaced");
    const replaced = statSync(file!).ino;

    chmodSync(file!, 0o666);
    assert.deepEqual(check(home), expected);
    assert.equal(statSync(file!).mode & 0o777, 0o600, "a cache others could write is replaced by a private one");
    assert.notEqual(statSync(file!).ino, replaced);
  } finally {
    removeDir(home);
  }
});

test("a run that fails writes no code cache; a long run writes it once its start has settled", async () => {
  const home = tempDir("code-cache");
  try {
    const failed = spawnSync(process.execPath, [repoPath("bin", "labc.js"), "check", join(home, "missing.lab")], { cwd: home, encoding: "utf8", env: { ...process.env, XDG_CACHE_HOME: home } });
    assert.notEqual(failed.status, 0);
    assert.deepEqual(cacheFiles(home), [], "a cache of a failed run would lack the command's code");

    // The language server runs until its client leaves: its cache is written while it runs.
    const server = spawn(process.execPath, [repoPath("bin", "labc.js"), "lsp", "--stdio"], { cwd: home, env: { ...process.env, XDG_CACHE_HOME: home }, stdio: ["pipe", "ignore", "ignore"] });
    try {
      const deadline = Date.now() + 15_000;
      while (!cacheFiles(home).some((f) => f.endsWith("-lsp.v8")) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      assert.ok(cacheFiles(home).some((f) => f.endsWith("-lsp.v8")), String(cacheFiles(home)));
      assert.equal(server.exitCode, null, "written while the server still runs");
    } finally {
      server.kill();
    }
  } finally {
    removeDir(home);
  }
});

test("LABC_CACHE=off keeps no cache", () => {
  const home = tempDir("code-cache");
  try {
    check(home, { LABC_CACHE: "off" });
    assert.deepEqual(cacheFiles(home), []);
    assert.equal(existsSync(join(home, "labc")), false, "nor the parsed facts");
  } finally {
    removeDir(home);
  }
});
