import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { goldenCases } from "../golden/cases.js";
import { removeDir } from "../support/tree.js";
import { toolOptions, toolPath } from "./support/tools.js";

/**
 * The real actionlint over the workflow every golden case commits (no GitHub runner here): its
 * syntax, expressions (`github.head_ref`, `vars.*`, `secrets.*`), job permissions and `uses:`
 * references as GitHub reads them. shellcheck is not installed, so `run:` scripts are not linted.
 */
function actionlint(file: string): { code: number | null; out: string } {
  const run = spawnSync(toolPath("actionlint"), ["-no-color", "-shellcheck=", "-pyflakes=", file], { encoding: "utf8" });
  return { code: run.status, out: `${run.stdout}${run.stderr}` };
}

test("actionlint accepts the generated workflow of every golden case", toolOptions("actionlint"), () => {
  for (const c of goldenCases()) {
    const { code, out } = actionlint(join(c.expected, ".github", "workflows", "labc.yaml"));
    assert.equal(code, 0, `${c.name}: ${out}`);
  }
});

test("actionlint rejects a broken workflow, so the run above proves something", toolOptions("actionlint"), () => {
  const dir = mkdtempSync(join(tmpdir(), "labc-actionlint-"));
  try {
    const file = join(dir, "bad.yaml");
    writeFileSync(file, "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    if: ${{ github.nope.head_ref }}\n    steps:\n      - uses: actions/checkout@v4\n        with: { ref: '${{ secrets }}' }\n");
    assert.notEqual(actionlint(file).code, 0);
  } finally {
    removeDir(dir);
  }
});
