import { test } from "node:test";
import assert from "node:assert/strict";
import { declaredList, LISTED_IN_FULL } from "../../../../compiler/check/util/suggest.js";

test("a few declared names are all listed, in declaration order", () => {
  const names = Array.from({ length: LISTED_IN_FULL }, (_, i) => `net-${String.fromCharCode(122 - i)}`);
  assert.equal(declaredList("storage", names), names.join(", "));
});

test("many declared names: the nearest ten, then how many more", () => {
  const names = [...Array.from({ length: 30 }, (_, i) => `zone-${i}`), "stor", "storage-b", "strage"];
  const shown = declaredList("storage", names);
  assert.match(shown, / and 23 more$/);
  const listed = shown.replace(/ and \d+ more$/, "").split(", ");
  assert.equal(listed.length, 10);
  assert.deepEqual(listed.slice(0, 3), ["strage", "storage-b", "stor"]);
});
