import { test } from "node:test";
import assert from "node:assert/strict";
import { checkValues, parseUncheckedPath } from "../../../../compiler/check/values/check-values.js";
import { treeOfData } from "../../../../compiler/check/values/value-tree.js";
import type { ValueTable } from "../../../../stdlib/value-tables/table.js";

const table: ValueTable = {
  chart: "demo",
  version: "1.0.0",
  root: {
    type: ["object"],
    closed: true,
    keys: {
      replicas: { type: ["integer"] },
      ratio: { type: ["number"] },
      mode: { type: ["string"], enum: ["a", "b"] },
      podAnnotations: { type: ["object"] },
      ports: { type: ["object"], values: { ref: "port" } },
      list: { type: ["array"], items: { type: ["string"] } },
      anything: {},
    },
  },
  defs: { port: { type: ["object"], closed: true, keys: { port: { type: ["integer"] } } } },
};

test("unknown keys come with the nearest known one; open maps and untyped keys say nothing", () => {
  const found = checkValues(table, treeOfData({ replica: 1, podAnnotations: { any: "x" }, anything: [1, { a: 2 }] }));
  assert.deepEqual(found, [{ kind: "unknownKey", path: [], key: "replica", suggestion: "replicas" }]);
});

test("keys named like Object's own properties are keys like any other", () => {
  const found = checkValues(table, treeOfData(JSON.parse('{"__proto__": 1, "constructor": 2, "toString": 3}')));
  assert.deepEqual(found.map((f) => f.kind === "unknownKey" && f.key), ["__proto__", "constructor", "toString"]);
});

test("types: an integer is a number, not the reverse; null is always allowed", () => {
  assert.deepEqual(checkValues(table, treeOfData({ ratio: 2, replicas: null, mode: null })), []);
  assert.deepEqual(checkValues(table, treeOfData({ replicas: 1.5 })), [{ kind: "wrongType", path: ["replicas"], expected: ["integer"], actual: "number" }]);
  assert.deepEqual(checkValues(table, treeOfData({ list: ["a", 1] })), [{ kind: "wrongType", path: ["list", "1"], expected: ["string"], actual: "integer" }]);
});

test("enums, and shared nodes under keys of the user's choosing", () => {
  assert.deepEqual(checkValues(table, treeOfData({ mode: "c" })), [{ kind: "notInEnum", path: ["mode"], allowed: ["a", "b"] }]);
  assert.deepEqual(checkValues(table, treeOfData({ ports: { http: { port: 80, prot: 1 } } })), [{ kind: "unknownKey", path: ["ports", "http"], key: "prot", suggestion: "port" }]);
});

test("values-unchecked paths silence a value and what is below it; * matches one key", () => {
  const data = treeOfData({ ports: { http: { prot: 1 } }, bogus: 1 });
  assert.equal(checkValues(table, data).length, 2);
  assert.deepEqual(checkValues(table, data, [parseUncheckedPath("ports.*"), parseUncheckedPath("bogus")]), []);
});
