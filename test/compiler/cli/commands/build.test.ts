import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, lstatSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { repoPath } from "../../../support/paths.js";
import { listFiles, removeDir, tempDir } from "../../../support/tree.js";

function labc(args: string[], cwd: string) {
  const run = spawnSync(process.execPath, [repoPath("bin", "labc.js"), ...args], {
    cwd,
    env: { PATH: process.env["PATH"], HOME: cwd, XDG_CACHE_HOME: join(cwd, ".cache") },
    encoding: "utf8",
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

test("a rebuild of a fresh clone's output (0600 files checked out 0644) reports 0 changed and says what it set", () => {
  const dir = tempDir("cli-build-modes");
  try {
    for (const f of ["cluster.lab", "secrets.sops.yaml", "talsecret.sops.yaml", "age.key"]) writeFileSync(join(dir, f), readFileSync(repoPath("examples", "homelab", f)));
    const first = labc(["build", "cluster.lab", "--out", "out"], dir);
    assert.equal(first.code, 0, first.stderr);
    // What `git clone` does to them: Git keeps no permission but the executable bit.
    const secret = listFiles(join(dir, "out")).filter((f) => (lstatSync(join(dir, "out", f)).mode & 0o777) === 0o600);
    assert.ok(secret.length > 0, "the build writes 0600 files");
    for (const f of secret) chmodSync(join(dir, "out", f), 0o644);
    const again = labc(["build", "cluster.lab", "--out", "out"], dir);
    assert.equal(again.code, 0, again.stderr);
    const n = secret.length;
    assert.match(again.stdout, new RegExp(`: \\d+ files, 0 changed; set the permissions of ${n} unchanged file${n === 1 ? "" : "s"} back to what labc writes \\(Git does not keep them\\)\\n$`));
    for (const f of secret) assert.equal(lstatSync(join(dir, "out", f)).mode & 0o777, 0o600, f);
  } finally {
    removeDir(dir);
  }
});
