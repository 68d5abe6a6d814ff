import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../../compiler/cli/main.js";
import { repoPath, repoRoot } from "../../support/paths.js";

/**
 * `labc fmt --check` over the repository's own .lab files. test/errors/cases is left out: its
 * annotations are `//` lines whose `^` points at a column, and indenting them would move the
 * caret off its target (many of those files also have syntax errors on purpose).
 */
const FORMATTED = ["examples", "test/fixtures"];

async function run(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  const script = `import { main } from ${JSON.stringify(repoPath("dist", "compiler", "cli", "main.js"))}; process.exitCode = await main(${JSON.stringify(args)});`;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd, encoding: "utf8" });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

test("the repository's .lab files are formatted (labc fmt --check)", async () => {
  const r = await run(["fmt", "--check", ...FORMATTED], repoRoot);
  assert.equal(r.code, 0, `${r.out}${r.err}`);
});

test("labc fmt rewrites a file, then --check passes; a syntax error exits 1 and leaves the file", async () => {
  const dir = mkdtempSync(join(tmpdir(), "labc-fmt-"));
  try {
    writeFileSync(join(dir, "a.lab"), "network n {\n      cidr=10.0.0.0/24\n}\n");
    writeFileSync(join(dir, "bad.lab"), "network n {\n  cidr = \n");
    let r = await run(["fmt", "--check", "a.lab"], dir);
    assert.equal(r.code, 1);
    assert.match(r.out, /a\.lab/);
    r = await run(["fmt", "a.lab"], dir);
    assert.equal(r.code, 0, r.err);
    assert.equal(readFileSync(join(dir, "a.lab"), "utf8"), "network n {\n  cidr = 10.0.0.0/24\n}\n");
    assert.equal((await run(["fmt", "--check", "."], dir)).code, 1, "bad.lab has a syntax error");
    r = await run(["fmt", "--check", "a.lab"], dir);
    assert.equal(r.code, 0);
    r = await run(["fmt", "bad.lab"], dir);
    assert.equal(r.code, 1);
    assert.match(r.err, /LAB0002/);
    assert.equal(readFileSync(join(dir, "bad.lab"), "utf8"), "network n {\n  cidr = \n");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("labc --help lists fmt and lsp", async () => {
  assert.equal(typeof main, "function");
  const r = await run(["--help"], repoRoot);
  assert.match(r.out, /labc fmt \[files\|dirs…\] \[--check\]/);
  assert.match(r.out, /labc lsp --stdio/);
});
