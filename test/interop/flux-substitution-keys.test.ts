import { test } from "node:test";
import assert from "node:assert/strict";
import { parseAllDocuments } from "yaml";

import { echoRelease, envOf } from "../compiler/check/fields/support/echo-release.js";
import { runTool, toolOptions } from "./support/tools.js";
import { removeDir, tempDir } from "../support/tree.js";

/**
 * The real Flux CLI's substitution (`flux envsubst --strict`, the rules kustomize-controller's
 * postBuild applies) over an emitted HelmRelease whose values keys hold `${…}`: each key reaches
 * the chart as written, where an unescaped one would be blanked (or fail the strict run).
 */
test("values keys with ${…} survive Flux substitution", toolOptions("flux"), () => {
  const release = echoRelease('"${FOO}" = "v"\n"k-${BAR}" { "${BAZ}" = 1 }');
  const home = tempDir("flux-home");
  try {
    const run = runTool("flux", ["envsubst", "--strict"], { input: release, env: { HOME: home, SECRET_DOMAIN: "example.com" } });
    assert.equal(run.status, 0, run.stderr);
    const helmRelease = parseAllDocuments(run.stdout).map((d) => d.toJS() as { kind?: string }).find((d) => d.kind === "HelmRelease");
    const env = envOf(helmRelease);
    assert.equal(env["${FOO}"], "v");
    assert.deepEqual(env["k-${BAR}"], { "${BAZ}": 1 });
  } finally {
    removeDir(home);
  }
});
