import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { compileWorkspace } from "../../compiler/pipeline/compile.js";
import { readExpectations } from "../support/annotations.js";
import { repoPath } from "../support/paths.js";

/**
 * The bad-input corpus: each case states its diagnostics in annotations (code, line, column);
 * the checker must report exactly those for that file, and every message must read as a sentence.
 */
const dir = repoPath("test", "errors", "cases");
const cases = readdirSync(dir).filter((f) => f.endsWith(".lab") && !f.startsWith("_")).sort();
const filter = process.env["CASE"];

test("the corpus holds at least 40 cases", () => {
  assert.ok(cases.length >= 40, `only ${cases.length} cases`);
});

for (const name of cases.filter((c) => !filter || c.includes(filter))) {
  test(`error case ${name}`, () => {
    const file = join(dir, name);
    const expected = readExpectations(readFileSync(file, "utf8"));
    assert.ok(expected.length > 0, "a case must annotate at least one diagnostic");
    const { diagnostics } = compileWorkspace(file, { cwd: dir });
    const all = diagnostics.filter((d) => d.span.file === name);
    const got = all.map((d) => `${d.code}@${d.span.start.line}:${d.span.start.column}`).sort();
    const want = expected.map((e) => `${e.code}@${e.line}:${e.column}`).sort();
    assert.deepEqual(got, want, all.map((d) => `${d.code} ${d.span.start.line}:${d.span.start.column} ${d.message}`).join("\n"));
    for (const d of all) {
      assert.match(d.message, /^\S.{8,}/, `message too short: ${d.message}`);
      assert.doesNotMatch(d.message, /undefined|\[object|NaN/, d.message);
    }
    // Nothing outside the case file: the shared base must stay clean.
    assert.deepEqual(diagnostics.filter((d) => d.span.file !== name && d.severity === "error").map((d) => d.message), []);
  });
}
