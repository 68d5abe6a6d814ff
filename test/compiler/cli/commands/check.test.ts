import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { repoPath } from "../../../support/paths.js";

function labc(args: string[]) {
  const run = spawnSync(process.execPath, [repoPath("bin", "labc.js"), ...args], { cwd: repoPath(), env: { PATH: process.env["PATH"] }, encoding: "utf8" });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

test("check --format github: one workflow command per diagnostic on stdout, the same exit code", () => {
  const r = labc(["check", "--format", "github", "test/errors/cases/host-bits-set.lab"]);
  assert.equal(r.code, 1);
  const lines = r.stdout.split("\n").filter(Boolean);
  assert.ok(lines.length >= 1);
  for (const l of lines) assert.match(l, /^::(error|warning|notice) file=[^,]+,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=LAB\d{4}::\S/);
  assert.ok(lines.includes("::error file=test/errors/cases/host-bits-set.lab,line=5,col=16,endLine=5,endColumn=28,title=LAB2004::10.42.1.0/16 has host bits set; did you mean 10.42.0.0/16?%0Afix: replace with 10.42.0.0/16"), r.stdout);
  const json = JSON.parse(labc(["check", "--format", "json", "test/errors/cases/host-bits-set.lab"]).stdout) as { diagnostics: unknown[] };
  assert.equal(lines.length, json.diagnostics.length, "as many annotations as diagnostics");
  const clean = labc(["check", "--format", "github", "examples/homelab/cluster.lab"]);
  assert.equal(clean.code, 0, clean.stderr);
  assert.equal(clean.stdout.split("\n").filter((l) => l.startsWith("::error")).length, 0);
  assert.equal(labc(["check", "--format", "xml", "examples/homelab/cluster.lab"]).code, 2);
});
