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

test("mergeValues: __proto__, constructor and prototype are ordinary keys, merged and kept as own properties", () => {
  const base = JSON.parse('{"__proto__": {"a": 1}, "keep": 1}') as Record<string, unknown>;
  const over = JSON.parse('{"__proto__": {"b": 2}, "constructor": {"c": 3}, "prototype": "p"}') as Record<string, unknown>;
  const merged = mergeValues(base, over);
  assert.deepEqual(Object.keys(merged), ["__proto__", "keep", "constructor", "prototype"]);
  assert.equal(Object.getPrototypeOf(merged), Object.prototype, "the map's prototype is untouched");
  assert.deepEqual(Object.getOwnPropertyDescriptor(merged, "__proto__")?.value, { a: 1, b: 2 });
  assert.deepEqual(merged["constructor"], { c: 3 });
  assert.equal(merged["prototype"], "p");
  // Without a base entry, __proto__ is added as given (not merged into Object.prototype).
  assert.deepEqual(Object.getOwnPropertyDescriptor(mergeValues({}, over), "__proto__")?.value, { b: 2 });
});
