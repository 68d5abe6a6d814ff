import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { findLabFiles } from "../../../compiler/files/find-lab-files.js";
import { removeDir, tempDir } from "../../support/tree.js";

/** The `.lab` walk must finish on any folder a user or an editor points it at. */
function inTemp(run: (dir: string) => void): void {
  const dir = tempDir("find-lab");
  try {
    run(dir);
  } finally {
    removeDir(dir);
  }
}
const rel = (dir: string, files: readonly string[]) => files.map((f) => relative(dir, f));

test("a folder linked into itself is entered once: no ELOOP, no inflated file list", () => {
  inTemp((dir) => {
    mkdirSync(join(dir, "a", "b"), { recursive: true });
    writeFileSync(join(dir, "a", "one.lab"), "");
    writeFileSync(join(dir, "a", "b", "two.lab"), "");
    symlinkSync("..", join(dir, "a", "b", "up")); // b/up -> a: a loop
    symlinkSync(join(dir, "a"), join(dir, "alias")); // a second name for a
    const scan = findLabFiles(dir);
    assert.deepEqual(rel(dir, scan.files), ["a/b/two.lab", "a/one.lab"]);
    assert.equal(scan.stoppedAt, undefined);
    assert.deepEqual(rel(dir, scan.revisits).sort(), ["a/b/up", "alias"]);
  });
});

test("a /usr-like tree with bin/X11 -> . finishes at once", () => {
  inTemp((dir) => {
    const usr = join(dir, "usr");
    for (const d of ["bin", "lib/x86_64-linux-gnu", "share/doc/labc"]) mkdirSync(join(usr, d), { recursive: true });
    symlinkSync(".", join(usr, "bin", "X11"));
    symlinkSync("../..", join(usr, "share", "doc", "back"));
    for (let i = 0; i < 200; i++) writeFileSync(join(usr, "bin", `tool${i}`), "");
    writeFileSync(join(usr, "share", "doc", "labc", "example.lab"), "");
    const started = performance.now();
    const scan = findLabFiles(usr);
    assert.ok(performance.now() - started < 2000);
    assert.deepEqual(rel(usr, scan.files), ["share/doc/labc/example.lab"]);
    assert.deepEqual(rel(usr, scan.revisits).sort(), ["bin/X11", "share/doc/back"]);
  });
});

test("a large folder is cut at the bounds, and the scan says which bound", () => {
  inTemp((dir) => {
    for (let d = 0; d < 30; d++) {
      mkdirSync(join(dir, `d${String(d).padStart(2, "0")}`));
      for (let f = 0; f < 20; f++) writeFileSync(join(dir, `d${String(d).padStart(2, "0")}`, `f${f}.lab`), "");
    }
    const byFiles = findLabFiles(dir, { maxFiles: 100, maxEntries: 100_000, maxDepth: 16 });
    assert.equal(byFiles.files.length, 100);
    assert.equal(byFiles.stoppedAt, "maxFiles");
    const byEntries = findLabFiles(dir, { maxFiles: 10_000, maxEntries: 50, maxDepth: 16 });
    assert.equal(byEntries.stoppedAt, "maxEntries");
    assert.ok(byEntries.files.length < 50);
    const all = findLabFiles(dir, { maxFiles: 10_000, maxEntries: 100_000, maxDepth: 16 });
    assert.equal(all.files.length, 600);
    assert.equal(all.stoppedAt, undefined);
    let deep = dir;
    for (let i = 0; i < 5; i++) mkdirSync((deep = join(deep, `n${i}`)));
    writeFileSync(join(deep, "deep.lab"), "");
    const shallow = findLabFiles(dir, { maxFiles: 10_000, maxEntries: 100_000, maxDepth: 3 });
    assert.equal(shallow.stoppedAt, "maxDepth");
    assert.ok(!shallow.files.some((f) => f.endsWith("deep.lab")));
  });
});

test(".git, node_modules, hidden folders and labc build output are skipped", () => {
  inTemp((dir) => {
    writeFileSync(join(dir, "cluster.lab"), "");
    for (const d of [".git/x", "node_modules/pkg", ".cache", "gitops/.labc", "src"]) mkdirSync(join(dir, d), { recursive: true });
    writeFileSync(join(dir, ".git", "x", "a.lab"), "");
    writeFileSync(join(dir, "node_modules", "pkg", "b.lab"), "");
    writeFileSync(join(dir, ".cache", "c.lab"), "");
    writeFileSync(join(dir, "gitops", ".labc", "manifest.json"), "{}");
    writeFileSync(join(dir, "gitops", "copied.lab"), "");
    writeFileSync(join(dir, "src", "apps.lab"), "");
    assert.deepEqual(rel(dir, findLabFiles(dir).files), ["cluster.lab", "src/apps.lab"]);
  });
});
