// The benchmark is measured by hand, not in tests; this only keeps it runnable: one repetition,
// the smallest generated cluster, every row printed with its wall and CPU time and their ratios.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { repoPath } from "../support/paths.js";

test("bench/run.mjs runs to its table (one repetition, the 10-app cluster)", () => {
  const run = spawnSync(process.execPath, [repoPath("bench", "run.mjs")], { cwd: repoPath(), env: { ...process.env, BENCH_RUNS: "1", BENCH_SIZES: "10" }, encoding: "utf8", timeout: 180_000 });
  assert.equal(run.status, 0, run.stderr);
  const rows = ["node -e 0", "homelab build (rebuild)", "homelab check", "first build ever (new PKI)", "check", "build into an empty dir", "rebuild, nothing changed", "rebuild after changing one app", "rebuild with every app changed"];
  for (const row of rows.map((r, i) => (i < 3 ? r : `10 apps, 3 nodes: ${r}`))) {
    assert.match(run.stdout, new RegExp(`'${row.replace(/[()]/g, "\\$&")}'\\s*│\\s*'\\d+\\.\\d{3}'\\s*│\\s*'\\d+\\.\\d{3}'\\s*│\\s*'\\d+\\.\\d'\\s*│\\s*'\\d+\\.\\d'`), row);
  }
  assert.match(run.stdout, /'homelab build \(rebuild\)'.*'≤ 2\.5×: (met|missed)'/, "a row with a target says whether it is met");
});
