import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { upstreamPath } from "./paths.js";
import { removeDir, tempDir } from "./tree.js";
import { validateTree, validatorDir } from "./validate-tree.js";
import { spawnSync } from "node:child_process";

// flux-operator's FluxInstance CRD is AGPL-3.0, so its schema is not vendored (test/upstream/SOURCES.md).
const fluxInstanceSchema = ["crds", "fluxcd.controlplane.io", "fluxinstance_v1.json"];
const fluxInstance = [
  "apiVersion: fluxcd.controlplane.io/v1",
  "kind: FluxInstance",
  "metadata:",
  "  name: flux",
  "  namespace: flux-system",
  "spec:",
  "  distribution:",
  "    version: 2.x",
  "    registry: ghcr.io/fluxcd",
  "",
].join("\n");
const namespace = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: flux-system\n";

function treeWith(files: Record<string, string>): string {
  const dir = tempDir("validate-tree");
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

test("the AGPL-3.0 FluxInstance schema is not vendored", () => {
  assert.ok(existsSync(upstreamPath("schemas", "crds")), "the vendored CRD schemas are present");
  assert.ok(!existsSync(upstreamPath("schemas", ...fluxInstanceSchema)));
});

test("a FluxInstance is skipped with a SKIP line naming the kind, the missing schema and the licence", () => {
  const dir = treeWith({ "instance.yaml": fluxInstance, "namespace.yaml": namespace });
  try {
    for (const args of [[], ["--quiet"], ["--fail-on-no-schema"]]) {
      const result = validateTree(dir, args);
      assert.equal(result.status, 0, result.output);
      assert.match(
        result.output,
        /^SKIP instance\.yaml:1 FluxInstance\/flux-system\/flux: schema withheld: crds\/fluxcd\.controlplane\.io\/fluxinstance_v1\.json is not in .*AGPL-3\.0/m,
        `${args.join(" ")}: the skip is named, never silent`,
      );
      assert.match(result.output, /skipped \(schema withheld\): 1 FluxInstance/);
      assert.doesNotMatch(result.output, /NO SCHEMA .*FluxInstance/);
      assert.match(result.output, /^1 passed, 0 failed$/m, "the Namespace beside it is still validated");
    }
  } finally {
    removeDir(dir);
  }
});

test("given a FluxInstance schema, the validator checks the kind instead of skipping it", () => {
  // A schema written here (not flux-operator's): closed root, spec required.
  const schemas = tempDir("validate-tree-schemas");
  const dir = treeWith({ "instance.yaml": fluxInstance.replace("spec:", "sepc:") });
  try {
    mkdirSync(join(schemas, "crds", "fluxcd.controlplane.io"), { recursive: true });
    const schema = {
      type: "object",
      required: ["apiVersion", "kind", "metadata", "spec"],
      additionalProperties: false,
      properties: { apiVersion: { type: "string" }, kind: { type: "string" }, metadata: { type: "object" }, spec: { type: "object" } },
    };
    writeFileSync(join(schemas, ...fluxInstanceSchema), JSON.stringify(schema));
    const run = spawnSync(process.execPath, [join(validatorDir(), "validate-tree.mjs"), "--schemas", schemas, dir], { encoding: "utf8" });
    const output = `${run.stdout}${run.stderr}`;
    assert.equal(run.status, 1, output);
    assert.doesNotMatch(output, /SKIP/);
    assert.match(output, /FAIL instance\.yaml:\d+ FluxInstance\/flux-system\/flux .*sepc: unknown field \(did you mean "spec"\?\)/);
  } finally {
    removeDir(dir);
    removeDir(schemas);
  }
});
