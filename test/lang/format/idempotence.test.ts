import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { format } from "../../../lang/format/format.js";
import { parse } from "../../../lang/parser/parse.js";
import { tokenize } from "../../../lang/lexer/lexer.js";
import { repoPath } from "../../support/paths.js";

/**
 * Property: for any text that parses, format(format(x)) == format(x), the syntax tree (spans
 * aside) is unchanged, and so is the multiset of comments. Inputs are the examples and their
 * layout perturbed by fast-check: whitespace, newlines and comments between any two tokens.
 */
const examples = ["examples/homelab/cluster.lab", "examples/ha/cluster.lab", "test/errors/cases/_base.lab"].map((p) => readFileSync(repoPath(p), "utf8"));

function shape(text: string): unknown {
  const parsed = parse(text, "x.lab");
  assert.deepEqual(parsed.diagnostics.map((d) => d.message), []);
  return strip({ imports: parsed.ast.imports, declarations: parsed.ast.declarations });
}

function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).filter(([k]) => k !== "span").map(([k, v]) => [k, strip(v)]));
  }
  return value;
}

function comments(text: string): string[] {
  return tokenize(text).comments.map((c) => (c.image.startsWith("/*") ? c.image : c.image.trimEnd())).sort();
}

function check(text: string): void {
  const first = format(text, "x.lab");
  assert.ok(first.ok, first.ok ? "" : first.diagnostics.map((d) => d.message).join("\n"));
  const second = format(first.text, "x.lab");
  assert.ok(second.ok);
  assert.equal(second.text, first.text, "format is not idempotent");
  assert.deepEqual(shape(first.text), shape(text), "the tree changed");
  assert.deepEqual(comments(first.text), comments(text.replace(/\r\n/g, "\n")), "comments changed");
}

test("the examples format idempotently without changing their trees", () => {
  for (const text of examples) check(text);
});

/** Separators that keep the token stream the same: whitespace, and comments with what they need after them. */
const separators = [" ", "  ", "\t", "\n", "\n\n", "\n\n\n", " \n  ", " /* c */ ", " /* multi\n\n line */ ", " // line\n", "\n# hash\n", "\n  // own line\n\n", " /**/"];

test("perturbed layouts of the examples format to a fixpoint with the same tree and comments", () => {
  const tokenised = examples.map((text) => {
    const lexed = tokenize(text);
    return [...lexed.tokens, ...lexed.comments].sort((a, b) => a.startOffset - b.startOffset).map((t) => t.image);
  });
  fc.assert(
    fc.property(fc.nat(tokenised.length - 1), fc.array(fc.constantFrom(...separators), { minLength: 1, maxLength: 400 }), (which, seps) => {
      const parts = tokenised[which]!;
      // A line comment must still end its line.
      const text = parts.map((p, i) => p + (p.startsWith("//") || p.startsWith("#") ? "\n" : seps[i % seps.length]!)).join("");
      fc.pre(parse(text, "x.lab").diagnostics.length === 0);
      check(text);
    }),
    { numRuns: 150, seed: 5 },
  );
});

test("random structural edits that still parse format to a fixpoint", () => {
  const snippets = ["\n  mtu = 1500\n", "\n  values { a = [1, 2]  b = { c = \"d\" } }\n", "\n  // note\n", "\n  depends = [\n    cilium, // why\n  ]\n", "\n\n\n", " /* x */ "];
  fc.assert(
    fc.property(fc.nat(examples.length - 1), fc.array(fc.tuple(fc.nat(), fc.constantFrom(...snippets)), { minLength: 1, maxLength: 5 }), (which, edits) => {
      let text = examples[which]!;
      for (const [at, snippet] of edits) {
        // Insert only right after a `{` so the result still parses.
        const braces = [...text.matchAll(/\{/g)].map((m) => m.index!);
        if (braces.length === 0) continue;
        const i = braces[at % braces.length]! + 1;
        text = text.slice(0, i) + snippet + text.slice(i);
      }
      fc.pre(parse(text, "x.lab").diagnostics.length === 0);
      check(text);
    }),
    { numRuns: 150, seed: 9 },
  );
});
