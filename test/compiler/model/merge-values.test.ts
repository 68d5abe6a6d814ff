import { test } from "node:test";
import assert from "node:assert/strict";
import { mergeValues } from "../../../compiler/model/merge-values.js";

test("mergeValues: maps merge key by key, lists and scalars replace, inputs are not changed", () => {
  const base = { a: { b: 1, c: [1] }, d: 1 };
  const over = { a: { c: [2], e: { f: true } }, d: null };
  assert.deepEqual(mergeValues(base, over), { a: { b: 1, c: [2], e: { f: true } }, d: null });
  assert.deepEqual(base, { a: { b: 1, c: [1] }, d: 1 });
  // A map over a scalar (or a list) replaces it rather than merging into it.
  assert.deepEqual(mergeValues({ a: 1, l: [1] }, { a: { x: 1 }, l: { y: 2 } }), { a: { x: 1 }, l: { y: 2 } });
});
