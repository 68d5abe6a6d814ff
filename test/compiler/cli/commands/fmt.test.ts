import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { repoPath } from "../../../support/paths.js";
import { removeDir, tempDir } from "../../../support/tree.js";

function labc(args: string[], cwd: string) {
  const run = spawnSync(process.execPath, [repoPath("bin", "labc.js"), ...args], { cwd, env: { PATH: process.env["PATH"] }, encoding: "utf8" });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

test("fmt --format json: the files it would rewrite (--check) or rewrote, and syntax errors as diagnostics", () => {
  const dir = tempDir("fmt-json");
  try {
    writeFileSync(join(dir, "ugly.lab"), "network lan {cidr=10.0.0.0/24}\n");
    writeFileSync(join(dir, "bad.lab"), "network n {\n  cidr = \n");
    const check = labc(["fmt", "--check", "--format", "json", "ugly.lab", "bad.lab"], dir);
    assert.equal(check.code, 1);
    const report = JSON.parse(check.stdout) as { ok: boolean; files: number; unformatted: string[]; diagnostics: { code: string; file: string }[] };
    assert.equal(report.ok, false);
    assert.equal(report.files, 2);
    assert.deepEqual(report.unformatted, ["ugly.lab"]);
    assert.ok(report.diagnostics.length > 0 && report.diagnostics.every((d) => d.file === "bad.lab" && /^LAB0\d{3}$/.test(d.code)), check.stdout);
    assert.equal(check.stderr, "", "JSON mode prints nothing else");
    assert.equal(readFileSync(join(dir, "ugly.lab"), "utf8"), "network lan {cidr=10.0.0.0/24}\n", "--check changes nothing");
    const rewrite = labc(["fmt", "--format", "json", "ugly.lab"], dir);
    assert.equal(rewrite.code, 0, rewrite.stderr);
    assert.deepEqual(JSON.parse(rewrite.stdout), { ok: true, files: 1, formatted: ["ugly.lab"], diagnostics: [] });
    assert.equal(labc(["fmt", "--check", "ugly.lab"], dir).code, 0);
    assert.equal(labc(["fmt", "-", "--format", "json"], dir).code, 2);
  } finally {
    removeDir(dir);
  }
});
