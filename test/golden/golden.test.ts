import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, existsSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";

import { build } from "../../compiler/build/build.js";
import { goldenCases, fixtureEnv, SHARED_FIXTURE_WAIT } from "./cases.js";
import { listFiles, readTree, removeDir, tempDir } from "../support/tree.js";
import { repoRoot } from "../support/paths.js";
import { validateTree } from "../support/validate-tree.js";
import { VERSIONS_LOCK_FILE } from "../../compiler/model/well-known.js";

/**
 * Golden builds: each case is built over a copy of its expected tree (so encrypted files whose
 * plaintext did not change keep their bytes) and must reproduce it exactly. UPDATE_GOLDEN=1
 * (`npm run golden`) writes the new tree back instead.
 */
const update = process.env["UPDATE_GOLDEN"] === "1";
const filter = process.env["CASE"];

for (const c of goldenCases().filter((x) => !filter || x.name.includes(filter))) {
  test(`golden build: ${c.name}`, async () => {
    if (!existsSync(c.entry)) return assert.fail(`${c.entry} is missing`);
    const out = tempDir(`golden-${c.name}`, c.expected);
    // The case's lock is an input like its store: regenerating takes this release's defaults.
    const lock = join(dirname(c.entry), VERSIONS_LOCK_FILE);
    if (update) rmSync(lock, { force: true });
    const lockBefore = existsSync(lock) ? readFileSync(lock, "utf8") : undefined;
    try {
      const report = await build({ entry: c.entry, out, cwd: repoRoot, env: { ...process.env, ...fixtureEnv }, lockWaitMs: SHARED_FIXTURE_WAIT });
      const errors = report.diagnostics.filter((d) => d.severity === "error");
      assert.deepEqual(errors.map((d) => `${d.code} ${d.span.file}:${d.span.start.line} ${d.message}`), []);
      assert.ok(report.written, "nothing was written");
      if (update) {
        rmSync(c.expected, { recursive: true, force: true });
        cpSync(out, c.expected, { recursive: true, filter: (from) => from !== join(out, ".labc", "cache") });
        return;
      }
      assert.equal(readFileSync(lock, "utf8"), lockBefore, `the build rewrote ${VERSIONS_LOCK_FILE} of ${c.name} (run npm run golden if the change is intended)`);
      assert.ok(existsSync(c.expected), `no expected tree for ${c.name}; run npm run golden`);
      assert.deepEqual(listFiles(out), listFiles(c.expected), "the set of files differs");
      const got = readTree(out);
      for (const [path, text] of readTree(c.expected)) assert.equal(got.get(path), text, `${path} differs (run npm run golden if the change is intended)`);
      const validation = validateTree(out);
      assert.equal(validation.status, 0, validation.output);
    } finally {
      removeDir(out);
    }
  });
}

