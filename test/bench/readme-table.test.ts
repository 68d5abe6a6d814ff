import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { repoPath } from "../support/paths.js";
import { removeDir, tempDir } from "../support/tree.js";

interface ReadmeTable {
  writeReadmeTable(path: string, rows: Record<string, string>[], about: string): void;
}

test("the bench writes its rows between the README's markers and nowhere else", async () => {
  const { writeReadmeTable } = (await import(repoPath("bench", "readme-table.mjs"))) as ReadmeTable;
  const readme = readFileSync(repoPath("README.md"), "utf8");
  assert.match(readme, /<!-- bench:start[^>]*-->[\s\S]*<!-- bench:end -->/, "README.md has the section");
  const dir = tempDir("readme-table");
  try {
    const path = join(dir, "README.md");
    writeFileSync(path, readme);
    const row = { case: "homelab check", "wall s": "0.150", "CPU s": "0.160", "× node -e 0 (wall)": "1.8", "× node -e 0 (CPU)": "2.0", "node -e 0 s (wall / CPU)": "0.080 / 0.070", "peak MiB": "71", target: "≤ 2×: met" };
    writeReadmeTable(path, [row, { ...row, case: "a | b" }], "Measured today.");
    const written = readFileSync(path, "utf8");
    const [before, after] = readme.split(/<!-- bench:start[^>]*-->[\s\S]*<!-- bench:end -->/);
    assert.ok(written.startsWith(before!) && written.endsWith(after!), "the rest of the README is untouched");
    assert.match(written, /\| homelab check \| 0\.150 \| 0\.160 \| 1\.8 \/ 2\.0 \| 0\.080 \/ 0\.070 \| 71 \| ≤ 2×: met \|/);
    assert.match(written, /\| a \\\| b \|/, "a | in a cell is escaped");
    writeReadmeTable(path, [row], "Measured again.");
    assert.equal((readFileSync(path, "utf8").match(/bench:start/g) ?? []).length, 1, "a second run replaces the first");
  } finally {
    removeDir(dir);
  }
});
