import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { compileText } from "../../../../compiler/pipeline/compile.js";
import { repoPath } from "../../../support/paths.js";
import { applyFix } from "../../../support/apply-fix.js";

const base = readFileSync(repoPath("test/errors/cases/_base.lab"), "utf8");
const cilium = "app cilium {\n  internal-gateway = 192.168.31.242\n  external-gateway = 192.168.31.243\n}\n";

function errors(text: string) {
  return compileText(text, "cluster.lab").diagnostics.filter((d) => d.severity === "error");
}

test("a misspelt stdlib app used bare gets a did-you-mean, and either fix builds", () => {
  const text = `${base}${cilium}app cordns {}\n`;
  const [d, ...rest] = errors(text);
  assert.deepEqual(rest, []);
  assert.equal(d?.code, "LAB2002");
  assert.match(d!.message, /app 'cordns' is not a stdlib app.*; did you mean 'coredns'\?$/);
  assert.equal(d!.fix?.message, "rename to 'coredns'");
  assert.deepEqual(errors(applyFix(text, d!.fix!)), []);
  const keep = d!.alternatives?.[0];
  assert.equal(keep?.message, "keep the name: add 'from std.coredns'");
  assert.match(applyFix(text, keep!), /^app cordns from std\.coredns \{\}$/m);
  assert.deepEqual(errors(applyFix(text, keep!)), []);
});

test("no did-you-mean toward a stdlib app already declared, nor for a name far from all", () => {
  const [taken] = errors(`${base}${cilium}app coredns {}\napp cordns {}\n`);
  assert.equal(taken?.code, "LAB2002");
  assert.doesNotMatch(taken!.message, /did you mean/);
  assert.equal(taken!.fix, undefined);
  const [far] = errors(`${base}${cilium}app wordpress {}\n`);
  assert.doesNotMatch(far!.message, /did you mean/);
});
