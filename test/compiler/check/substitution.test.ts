import { test } from "node:test";
import assert from "node:assert/strict";
import { escapeForFlux, escapeValuesForFlux, findSubstitution } from "../../../compiler/check/substitution.js";
import { mergeValues } from "../../../compiler/model/merge-values.js";

test("Flux variables the cluster defines pass; any other ${ is escaped for Flux", () => {
  assert.equal(escapeForFlux("echo.${SECRET_DOMAIN}"), "echo.${SECRET_DOMAIN}");
  assert.equal(escapeForFlux("${SECRET_DOMAIN/./-}-production-tls"), "${SECRET_DOMAIN/./-}-production-tls");
  assert.equal(escapeForFlux("home is ${HOME}"), "home is $${HOME}");
  assert.equal(escapeForFlux("a ${ b"), "a $${ b");
  assert.equal(escapeForFlux("$${ALREADY}"), "$${ALREADY}");
  assert.equal(escapeForFlux("{{ .Release.Name }}"), "{{ .Release.Name }}");
  assert.equal(escapeForFlux("price: $5"), "price: $5");
});

test("bootstrap values: the first substitution left is found with its path", () => {
  assert.deepEqual(findSubstitution({ a: [{ b: "x.${SECRET_DOMAIN}" }] }), { path: "a.0.b", text: "${SECRET_DOMAIN}" });
  assert.equal(findSubstitution({ a: "$${ESCAPED}", b: 1 }), undefined);
  assert.deepEqual(findSubstitution({ a: { "x.${SECRET_DOMAIN}": 1 } }), { path: "a.x.${SECRET_DOMAIN}", text: "${SECRET_DOMAIN}" });
});

test("values keys are escaped like values (Flux substitutes keys too), and __proto__ stays a key", () => {
  const input = JSON.parse('{"${FOO}": {"k-${BAR}": ["${BAZ}"]}, "${SECRET_DOMAIN}": "${SECRET_DOMAIN}", "__proto__": {"${X}": 1}}') as unknown;
  const escaped = escapeValuesForFlux(input) as Record<string, unknown>;
  assert.deepEqual(Object.keys(escaped), ["$${FOO}", "${SECRET_DOMAIN}", "__proto__"]);
  assert.deepEqual(escaped["$${FOO}"], { "k-$${BAR}": ["$${BAZ}"] });
  assert.deepEqual(Object.getOwnPropertyDescriptor(escaped, "__proto__")?.value, { "$${X}": 1 });
});

test("values merge map by map; lists and scalars replace", () => {
  assert.deepEqual(mergeValues({ a: { b: 1, c: [1] }, d: 1 }, { a: { c: [2] }, e: 2 }), { a: { b: 1, c: [2] }, d: 1, e: 2 });
});
