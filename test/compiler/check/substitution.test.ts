import { test } from "node:test";
import assert from "node:assert/strict";
import { escapeForFlux, findSubstitution } from "../../../compiler/check/substitution.js";
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
});

test("values merge map by map; lists and scalars replace", () => {
  assert.deepEqual(mergeValues({ a: { b: 1, c: [1] }, d: 1 }, { a: { c: [2] }, e: 2 }), { a: { b: 1, c: [2] }, d: 1, e: 2 });
});
