import { test } from "node:test";
import assert from "node:assert/strict";
import { trimDashes } from "../../../compiler/check/bind.js";
import { parse } from "../../../lang/parser/parse.js";
import { check } from "../../../compiler/check/check.js";
import { stdlib } from "../../../stdlib/index.js";

test("trimDashes drops leading and trailing dashes only", () => {
  assert.equal(trimDashes("--a-b--"), "a-b");
  assert.equal(trimDashes("----"), "");
  assert.equal(trimDashes("ab"), "ab");
});

test("a name with 150,000 dashes is checked in well under a second (the trim regex was quadratic)", () => {
  const text = `node A${"-".repeat(150_000)}a {}\n`;
  const parsed = parse(text, "t.lab");
  const t0 = performance.now();
  const result = check([parsed.ast], stdlib, {});
  const ms = performance.now() - t0;
  assert.ok(ms < 1000, `${Math.round(ms)} ms`);
  assert.ok(result.diagnostics.some((d) => d.code === "LAB1007"));
});

test("a reference to a 50,000-character name that nearly matches one declared gets no quadratic did-you-mean", () => {
  const long = "a".repeat(50_000);
  const text = `network ${long}b { cidr = 10.0.0.0/8 }\nnode n { network = ${long}c }\n`;
  const parsed = parse(text, "t.lab");
  const t0 = performance.now();
  const result = check([parsed.ast], stdlib, {});
  const ms = performance.now() - t0;
  assert.ok(ms < 1000, `${Math.round(ms)} ms`);
  assert.ok(result.diagnostics.some((d) => d.code === "LAB1002"));
});
