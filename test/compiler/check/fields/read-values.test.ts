import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "yaml";
import { echoRelease, envOf } from "./support/echo-release.js";

const echoEnv = (extra: string) => envOf(parse(echoRelease(extra)));

test("a ${…} in a values key is escaped for Flux like one in a value; the cluster's own variables stay", () => {
  const env = echoEnv('"${FOO}" = "${BAR}"\n"x.${SECRET_DOMAIN}" = "y.${SECRET_DOMAIN}"\nnested { "a-${B}" { "${C}" = 1 } }');
  assert.equal(env["$${FOO}"], "$${BAR}");
  assert.equal(env["${FOO}"], undefined, "Flux would blank an unescaped key");
  assert.equal(env["x.${SECRET_DOMAIN}"], "y.${SECRET_DOMAIN}");
  assert.deepEqual(env["nested"], { "a-$${B}": { "$${C}": 1 } });
});

test("__proto__, constructor and prototype are ordinary values keys and reach the HelmRelease", () => {
  const env = echoEnv('"__proto__" = "p"\nconstructor = "c"\nprototype { __proto__ { x = 1 } }');
  assert.deepEqual(Object.getOwnPropertyNames(env).filter((k) => ["__proto__", "constructor", "prototype"].includes(k)), ["__proto__", "constructor", "prototype"]);
  assert.equal(Object.getOwnPropertyDescriptor(env, "__proto__")?.value, "p");
  assert.equal(env["constructor"], "c");
  assert.deepEqual(Object.getOwnPropertyDescriptor(env["prototype"], "__proto__")?.value, { x: 1 });
});
