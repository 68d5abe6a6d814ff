import { MAX_MESSAGE_LENGTH } from "../../../lang/diagnostics/reporter.js";
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { hostileInput, runHostile } from "../../support/hostile-inputs.js";

/**
 * A bounded run of the hostile-input fuzzer (bench/fuzz.mjs runs 100,000): no input crashes the
 * front of the compiler, the diagnostic renderer or the formatter, none takes a second, and the
 * output stays bounded (at most 101 diagnostics per file, each line of them short).
 */
test("hostile inputs: no crash, each under a second, bounded output", () => {
  let slowest = 0;
  fc.assert(
    fc.property(hostileInput(3000), (input) => {
      const t0 = performance.now();
      const result = runHostile(input);
      const ms = performance.now() - t0;
      slowest = Math.max(slowest, ms);
      assert.ok(ms < 1000, `took ${Math.round(ms)} ms on an input of ${input.length} characters`);
      assert.ok(result.diagnostics <= 101 + 1, `${result.diagnostics} diagnostics`);
      assert.ok(result.longestLine <= MAX_MESSAGE_LENGTH + 200, `a rendered line of ${result.longestLine} characters`);
    }),
    { numRuns: 3000, seed: 20261203 },
  );
  assert.ok(slowest > 0);
});
