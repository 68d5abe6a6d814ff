import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { compileText } from "../../../../compiler/pipeline/compile.js";
import { repoPath } from "../../../support/paths.js";
import { applyFix } from "../../../support/apply-fix.js";

const base = readFileSync(repoPath("test/errors/cases/_base.lab"), "utf8");
const cilium = "app cilium {\n  internal-gateway = 192.168.31.242\n  external-gateway = 192.168.31.243\n}\napp coredns {}\n";
const tunnel = 'secret tunnel = env("TUNNEL")\napp cloudflare-tunnel { credentials = tunnel }\n';

function errors(text: string) {
  return compileText(text, "cluster.lab").diagnostics.filter((d) => d.severity === "error");
}

/** The one error of `text`, a LAB3002 whose fix leaves a file with no error. */
function mendsMissingApp(text: string) {
  const [d, ...rest] = errors(text);
  assert.deepEqual(rest.map((x) => x.message), []);
  assert.equal(d?.code, "LAB3002");
  const mended = applyFix(text, d!.fix!);
  assert.deepEqual(errors(mended).map((x) => `${x.code} ${x.message}`), []);
  return { d: d!, mended };
}

test("LAB3002's fix declares the app with a new store() secret for its token, and the file then checks", () => {
  const { d, mended } = mendsMissingApp(`${base}${cilium}${tunnel}`);
  assert.match(d.message, /add 'app cloudflare-dns \{ token = cloudflare-dns-token \}'$/);
  assert.equal(d.fix!.message, "declare app 'cloudflare-dns' and secret 'cloudflare-dns-token', then run labc secret set cloudflare-dns-token");
  assert.match(mended, /^secret cloudflare-dns-token = store\(\)\n\napp cloudflare-dns \{\n {2}token = cloudflare-dns-token\n\}\n\napp cloudflare-tunnel/m);
});

test("LAB3002's fix reuses the token another app passes under the same name", () => {
  const { d, mended } = mendsMissingApp(`${base}${cilium}app cert-manager { token = token }\n${tunnel}`);
  assert.equal(d.fix!.message, "declare app 'cloudflare-dns', its token the one app 'cert-manager' uses");
  assert.match(mended, /^app cloudflare-dns \{\n {2}token = token\n\}$/m);
  assert.doesNotMatch(mended, /store\(\)/);
});

test("a new secret's name does not take a declared one", () => {
  const { mended } = mendsMissingApp(`${base}${cilium}secret cloudflare-dns-token = env("X")\n${tunnel}`);
  assert.match(mended, /^secret cloudflare-dns-token-2 = store\(\)$/m);
});

test("LAB3002's fix gives a missing cilium free addresses of the node network", () => {
  const { d, mended } = mendsMissingApp(`${base}app coredns {}\n`);
  assert.equal(d.fix!.message, "declare app 'cilium', on free addresses of the node network");
  // _base.lab's node is .252 and its VIP .240: the top of 192.168.31.0/24 is free.
  assert.match(mended, /^app cilium \{\n {2}internal-gateway = 192\.168\.31\.254\n {2}external-gateway = 192\.168\.31\.253\n\}$/m);
});
