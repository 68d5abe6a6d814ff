import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { compileText } from "../../../../compiler/pipeline/compile.js";
import { repoPath } from "../../../support/paths.js";

const base = readFileSync(repoPath("test/errors/cases/_base.lab"), "utf8");
const apps = `app cilium {\n  internal-gateway = 192.168.31.242\n  external-gateway = 192.168.31.243\n}\napp coredns {}\napp cert-manager { token = token }\n`;

function diagnostics(extra: string) {
  return compileText(`${base}${apps}${extra}`, "cluster.lab").diagnostics.filter((d) => d.severity === "error");
}

test("a chart version is spelled as the chart's tags are, with the fix", () => {
  const [noV] = diagnostics("app spegel { version = v0.3.1 }\n");
  assert.equal(noV?.code, "LAB2035");
  assert.match(noV!.message, /spegel chart's tags have no leading v \(labc pins 0\.3\.0\)/);
  assert.equal(noV!.fix?.edits[0]?.newText, "0.3.1");
  const [template] = diagnostics('app echo in default {\n  chart = std.app-template\n  version = "v4.3.0"\n}\n');
  assert.equal(template?.fix?.edits[0]?.newText, "4.3.0");
  const [short] = diagnostics("app spegel { version = 0.4 }\n");
  assert.match(short!.message, /needs three numbers, like the pinned 0\.3\.0/);
  assert.deepEqual(diagnostics("app spegel { version = 0.3.1 }\n"), []);
  assert.deepEqual(diagnostics('app mine in default {\n  chart = oci("oci://example.com/charts/mine", v1.0.0)\n}\n'), [], "a chart labc does not pin has no known scheme");
});

test("one hostname, one route: the user's route is reported, pointing at the other claimant", () => {
  const flux = "app flux-operator {}\napp flux-instance { webhook-token = token }\n";
  const [clash] = diagnostics(`${flux}app hooks in default {\n  chart = std.app-template\n  route = external("flux-webhook")\n}\n`);
  assert.equal(clash?.code, "LAB2036");
  assert.match(clash!.message, /flux-webhook\.<domain>, which app 'flux-instance' \(std\.flux-instance\) already routes/);
  assert.equal(clash!.related?.[0]?.message, "app 'flux-instance' (std.flux-instance) claims it here");
  const port = "  values { service { app { ports { http { port = 8080 } } } } }\n";
  assert.deepEqual(diagnostics(`${flux}app hooks in default {\n  chart = std.app-template\n  route = external("hooks")\n${port}}\n`), []);
});
