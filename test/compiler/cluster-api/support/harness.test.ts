import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { removeDir } from "../../../support/tree.js";
import { controlPlaneOptions } from "./harness.js";

test("the example build and the etcd the harness shares between projects are removed when the test process exits", controlPlaneOptions(), () => {
  const scratch = mkdtempSync(join(tmpdir(), "labc-harness-tmp-"));
  try {
    const harness = new URL("./harness.js", import.meta.url).href;
    // A test file's life in short: a project, its own clean-up, then the process ends (with etcd still running).
    const script = `import { project } from ${JSON.stringify(harness)};
const p = await project();
await p.close();`;
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { env: { ...process.env, TMPDIR: scratch }, encoding: "utf8" });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(readdirSync(scratch), []);
  } finally {
    removeDir(scratch);
  }
});
