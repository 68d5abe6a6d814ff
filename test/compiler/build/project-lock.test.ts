import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { LOCK_FILE, LockBusy, lockProject } from "../../../compiler/build/project-lock.js";
import { removeDir, tempDir } from "../../support/tree.js";

/** Another live process takes the lock of `dir` and keeps it until killed. */
function holdLock(dir: string): Promise<{ stop(): void }> {
  const lock = new URL("../../../compiler/build/project-lock.js", import.meta.url).href;
  const child = spawn(process.execPath, ["--input-type=module", "-e", `const { lockProject } = await import(${JSON.stringify(lock)}); lockProject(${JSON.stringify(dir)}, "labc build"); console.log("held"); setInterval(() => {}, 1000);`], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    child.stdout.on("data", (d: Buffer) => (String(d).includes("held") ? resolve({ stop: () => child.kill() }) : undefined));
    child.on("exit", (code, signal) => (signal ? undefined : reject(new Error(`lock holder exited ${code}`))));
  });
}

test("a lock copied along with the project folder while a labc ran there does not lock the copy", async () => {
  const original = tempDir("lock-original");
  const copy = tempDir("lock-copy");
  const holder = await holdLock(original);
  try {
    assert.throws(() => lockProject(original, "labc build"), LockBusy, "the live holder keeps the original locked");
    cpSync(original, copy, { recursive: true });
    assert.ok(existsSync(join(copy, LOCK_FILE)), "the copy carries the lock file");
    const lock = lockProject(copy, "labc build");
    try {
      assert.match(lock.note ?? "", /a copy of the lock of .*lock-original/);
      const taken = JSON.parse(readFileSync(join(copy, LOCK_FILE), "utf8")) as { pid: number; root: string };
      assert.equal(taken.pid, process.pid);
      assert.match(taken.root, /lock-copy/, "a lock names the folder it was taken in");
      // And the copy's lock, copied back over, does not unlock the original either way round.
      assert.throws(() => lockProject(original, "labc build"), LockBusy);
    } finally {
      lock.release();
    }
    assert.equal(existsSync(join(copy, LOCK_FILE)), false, "released");
  } finally {
    holder.stop();
    removeDir(original);
    removeDir(copy);
  }
});

test("a lock file that names no folder (written by an earlier labc) is judged by its process alone", () => {
  const dir = tempDir("lock-legacy");
  try {
    writeFileSync(join(dir, LOCK_FILE), `${JSON.stringify({ pid: process.pid, host: hostname(), started: new Date().toISOString(), command: "labc build" })}\n`);
    assert.throws(() => lockProject(dir, "labc build"), LockBusy, "a live holder keeps it");
  } finally {
    removeDir(dir);
  }
});
