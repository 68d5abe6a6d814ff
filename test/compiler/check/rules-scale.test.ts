import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { parse } from "../../../lang/parser/parse.js";
import { check } from "../../../compiler/check/check.js";
import { stdlib } from "../../../stdlib/index.js";
import { repoPath } from "../../support/paths.js";

/** Checker passes stay near-linear on a 100 KB file; a pass per pair of declarations must not redo per-item work. */
const base = readFileSync(repoPath("test", "errors", "cases", "_base.lab"), "utf8");

function timeCheck(text: string) {
  const parsed = parse(text, "t.lab");
  const t0 = performance.now();
  const result = check([parsed.ast], stdlib, {});
  return { ms: performance.now() - t0, diagnostics: result.diagnostics };
}

// Bounds are loose (the test shares two cores with the rest of the suite); the quadratic pass took 13 s.
test("3,000 networks are checked for overlaps in about a second at most", () => {
  const nets = Array.from({ length: 3000 }, (_, i) => `network w${i} { cidr = 10.${i >> 8}.${i & 255}.0/24 }`).join("\n");
  const { ms, diagnostics } = timeCheck(`${base}\n${nets}\n`);
  assert.ok(ms < 3000, `${Math.round(ms)} ms`);
  assert.deepEqual(diagnostics.filter((d) => d.severity === "error"), []);
});

test("a CIDR declared many times is one LAB2007 per later range, counting the others", () => {
  const nets = Array.from({ length: 500 }, (_, i) => `network w${i} { cidr = 10.9.0.0/24 }`).join("\n");
  const { ms, diagnostics } = timeCheck(`${base}\n${nets}\n`);
  assert.ok(ms < 1000, `${Math.round(ms)} ms`);
  const overlaps = diagnostics.filter((d) => d.code === "LAB2007");
  assert.equal(overlaps.length, 499);
  assert.match(overlaps[overlaps.length - 1]!.message, /^network 'w499' 10\.9\.0\.0\/24 overlaps network 'w0' 10\.9\.0\.0\/24 \(and 498 more declared before it\)$/);
});
