import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { parse } from "../../../lang/parser/parse.js";
import { check } from "../../../compiler/check/check.js";
import { stdlib } from "../../../stdlib/index.js";
import { repoPath } from "../../support/paths.js";

const examples = ["examples/homelab/cluster.lab", "examples/ha/cluster.lab"].map((p) => {
  try {
    return readFileSync(repoPath(p), "utf8");
  } catch {
    return undefined;
  }
}).filter((t): t is string => t !== undefined);

const fragments = ["{", "}", "[", "]", "(", ")", "=", ",", ":", ".", '"', '"""', "//", "/*", "\n", " ", "app", "node", "cluster", "network", "secret", "from", "in", "import", "std.", "10.0.0.0/8", "300.1.1.1", "v1.10", "fd00::", "00:11", "${SECRET_DOMAIN}", "\\", "\u0000", "é", "-", "5m"];

function compile(text: string): void {
  const parsed = parse(text, "fuzz.lab");
  const result = check([parsed.ast], stdlib, { syntaxErrors: parsed.diagnostics.some((d) => d.severity === "error") });
  for (const d of [...parsed.diagnostics, ...result.diagnostics]) {
    assert.ok(d.span.start.offset <= d.span.end.offset, "span runs backwards");
    assert.ok(d.span.end.offset <= text.length, "span past the end of the text");
    assert.ok(/^LAB\d{4}$/.test(d.code), d.code);
    assert.ok(d.message.length > 0);
  }
}

test("random edits of the examples never crash the compiler", () => {
  assert.ok(examples.length >= 1);
  fc.assert(
    fc.property(
      fc.constantFrom(...examples),
      fc.array(fc.tuple(fc.nat(), fc.nat(12), fc.oneof(fc.constantFrom(...fragments), fc.string({ maxLength: 6 }))), { minLength: 1, maxLength: 6 }),
      (source, edits) => {
        let text = source;
        for (const [at, remove, insert] of edits) {
          const i = at % (text.length + 1);
          text = text.slice(0, i) + insert + text.slice(i + remove);
        }
        compile(text);
      },
    ),
    { numRuns: 300, seed: 20261125 },
  );
});

test("arbitrary text never crashes the compiler", () => {
  fc.assert(fc.property(fc.string({ maxLength: 200 }), (text) => compile(text)), { numRuns: 300, seed: 7 });
  fc.assert(fc.property(fc.array(fc.constantFrom(...fragments), { maxLength: 40 }), (parts) => compile(parts.join(" "))), { numRuns: 300, seed: 11 });
});
