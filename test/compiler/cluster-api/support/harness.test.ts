import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { removeDir } from "../../../support/tree.js";

test("the example build the harness shares between projects is removed when the test process exits", () => {
  const scratch = mkdtempSync(join(tmpdir(), "labc-harness-tmp-"));
  try {
    const harness = new URL("./harness.js", import.meta.url).href;
    // A test file's life in short: a project, its own clean-up, then the process ends.
    const script = `import { project } from ${JSON.stringify(harness)};
import { rmSync } from "node:fs";
const p = await project();
await p.api.stop();
rmSync(p.dir, { recursive: true, force: true });`;
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { env: { ...process.env, TMPDIR: scratch }, encoding: "utf8" });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(readdirSync(scratch), []);
  } finally {
    removeDir(scratch);
  }
});
