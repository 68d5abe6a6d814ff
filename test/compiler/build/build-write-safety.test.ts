import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { build } from "../../../compiler/build/build.js";
import { readTree, removeDir, tempDir } from "../../support/tree.js";
import { repoPath } from "../../support/paths.js";

/** `labc build` end to end: the project lock, and obstacles in the output that must be LAB5001 naming the path. */
const demoKey = repoPath("examples", "homelab", "age.key");
const env = { PATH: process.env["PATH"], SOPS_AGE_KEY_FILE: demoKey };

function project(): string {
  const dir = tempDir("write-safety");
  for (const f of ["cluster.lab", "secrets.sops.yaml", "talsecret.sops.yaml"]) copyFileSync(repoPath("examples", "homelab", f), join(dir, f));
  return dir;
}

const buildIn = (dir: string, out = join(dir, "out")) => build({ entry: join(dir, "cluster.lab"), out, cwd: dir, env });
const errors = (report: Awaited<ReturnType<typeof build>>) => report.diagnostics.filter((d) => d.severity === "error");

test("two builds at once: the second gets LAB5001 naming the holder; the first writes; the lock is released", async () => {
  const dir = project();
  try {
    const [a, b] = await Promise.all([buildIn(dir), buildIn(dir)]);
    assert.ok(a.written, errors(a).map((d) => d.message).join("\n"));
    assert.equal(b.written, undefined);
    const [d] = errors(b);
    assert.equal(d?.code, "LAB5001");
    assert.match(d!.message, new RegExp(`another labc is writing this project: 'labc build' \\(pid ${process.pid}, started .*\\) holds .*\\.labc\\.lock; wait for it`));
    assert.equal(existsSync(join(dir, ".labc.lock")), false, "released after the build");
  } finally {
    removeDir(dir);
  }
});

test("a lock held by a live labc (here: this process) stops the build before anything is written", async () => {
  const dir = project();
  try {
    const started = new Date().toISOString();
    writeFileSync(join(dir, ".labc.lock"), JSON.stringify({ pid: process.pid, host: hostname(), started, command: "labc secret rotate" }));
    const report = await buildIn(dir);
    assert.deepEqual(errors(report).map((d) => d.code), ["LAB5001"]);
    assert.ok(errors(report)[0]!.message.includes(`'labc secret rotate' (pid ${process.pid}, started ${started})`), errors(report)[0]!.message);
    assert.equal(existsSync(join(dir, "out")), false);
    assert.ok(existsSync(join(dir, ".labc.lock")), "someone else's lock is not removed");
  } finally {
    removeDir(dir);
  }
});

test("a stale lock (its process is gone) is taken over, with a note", async () => {
  const dir = project();
  try {
    const dead = spawnSync(process.execPath, ["-e", ""]).pid!;
    writeFileSync(join(dir, ".labc.lock"), JSON.stringify({ pid: dead, host: hostname(), started: "2026-01-01T00:00:00.000Z", command: "labc build" }));
    const report = await buildIn(dir);
    assert.ok(report.written, errors(report).map((d) => d.message).join("\n"));
    assert.match(report.notes.join("\n"), new RegExp(`took over the lock .* left by 'labc build' \\(pid ${dead}, started 2026-01-01T00:00:00.000Z\\), which is no longer running`));
    assert.equal(existsSync(join(dir, ".labc.lock")), false);
  } finally {
    removeDir(dir);
  }
});

test("a lock whose pid now belongs to a process started after it was taken (pid reuse) is stale", { skip: process.platform !== "linux" }, async () => {
  const dir = project();
  try {
    // This process started long after 2000: whatever held the lock then with this pid is gone.
    writeFileSync(join(dir, ".labc.lock"), JSON.stringify({ pid: process.pid, host: hostname(), started: "2000-01-01T00:00:00.000Z", command: "labc build" }));
    const report = await buildIn(dir);
    assert.ok(report.written, errors(report).map((d) => d.message).join("\n"));
    assert.match(report.notes.join("\n"), /took over the lock .* \(pid \d+, started 2000-01-01T00:00:00.000Z\), which is no longer running/);
  } finally {
    removeDir(dir);
  }
});

test("--out . with kubernetes -> elsewhere: LAB5001 names the link and its target; nothing goes through it and the link stays", async () => {
  const dir = project();
  const previous = process.cwd();
  try {
    process.chdir(dir);
    const first = await build({ entry: "cluster.lab", out: ".", cwd: dir, env });
    assert.ok(first.written, errors(first).map((d) => d.message).join("\n"));
    const elsewhere = tempDir("elsewhere");
    try {
      removeDir(join(dir, "kubernetes"));
      symlinkSync(elsewhere, join(dir, "kubernetes"));
      const report = await build({ entry: "cluster.lab", out: ".", cwd: dir, env });
      const [d] = errors(report);
      assert.equal(d?.code, "LAB5001");
      assert.match(d!.message, new RegExp(`${join(dir, "kubernetes")} is a symbolic link \\(to ${elsewhere}\\)`));
      assert.match(d!.message, /never writes through a link/);
      assert.deepEqual(readdirSync(elsewhere), []);
      assert.equal(readlinkSync(join(dir, "kubernetes")), elsewhere);
    } finally {
      removeDir(elsewhere);
    }
  } finally {
    process.chdir(previous);
    removeDir(dir);
  }
});

test("a FIFO or a folder where the previous output has a SOPS file: LAB5001 naming the path, no hang, nothing written", async () => {
  const dir = project();
  try {
    const out = join(dir, "out");
    assert.ok((await buildIn(dir)).written);
    const sops = join(out, "talos", "talsecret.sops.yaml");
    removeDir(sops);
    assert.equal(spawnSync("mkfifo", [sops]).status, 0, "mkfifo is needed for this test");
    const before = readTree(join(out, "kubernetes"));
    const fifo = await buildIn(dir);
    assert.deepEqual(errors(fifo).map((d) => d.code), ["LAB5001"]);
    assert.match(errors(fifo)[0]!.message, new RegExp(`${sops} is a FIFO \\(named pipe\\) where labc writes a file; move it away`));
    assert.deepEqual(readTree(join(out, "kubernetes")), before);
    removeDir(sops);
    mkdirSync(sops);
    const folder = await buildIn(dir);
    assert.match(errors(folder)[0]?.message ?? "", new RegExp(`${sops} is a folder where labc writes a file`));
    removeDir(sops);
    const again = await buildIn(dir);
    assert.ok(again.written, "builds once the obstacle is gone");
    assert.equal(readFileSync(sops, "utf8"), readFileSync(join(dir, "talsecret.sops.yaml"), "utf8"));
  } finally {
    removeDir(dir);
  }
});

test("an output whose parent refuses renames (chattr +a): the build still writes, and no user file is lost", async (t) => {
  const dir = project();
  const parent = join(dir, "parent");
  try {
    const out = join(parent, "out");
    mkdirSync(parent);
    assert.ok((await buildIn(dir, out)).written);
    mkdirSync(join(out, ".git"));
    writeFileSync(join(out, ".git", "HEAD"), "ref: refs/heads/main\n");
    writeFileSync(join(out, "NOTES.md"), "mine\n");
    writeFileSync(join(dir, "cluster.lab"), readFileSync(join(dir, "cluster.lab"), "utf8").replace('tag = "37"', 'tag = "38"'));
    if (spawnSync("chattr", ["+a", parent]).status !== 0) return t.skip("chattr +a needs root on ext4 or a like file system");
    const report = await buildIn(dir, out);
    assert.deepEqual(errors(report).map((d) => d.message), []);
    assert.deepEqual(report.written?.changed, ["kubernetes/apps/default/echo/app/helmrelease.yaml"]);
    assert.equal(readFileSync(join(out, ".git", "HEAD"), "utf8"), "ref: refs/heads/main\n");
    assert.equal(readFileSync(join(out, "NOTES.md"), "utf8"), "mine\n");
    assert.deepEqual(readdirSync(parent), ["out"]);
  } finally {
    spawnSync("chattr", ["-a", parent]);
    removeDir(dir);
  }
});
