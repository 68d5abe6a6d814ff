import { test } from "node:test";
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { parse } from "yaml";
import { emitTalhelper } from "../../../compiler/emit/talhelper/index.js";
import type { OutputFile } from "../../../compiler/model/output.js";
import { textOf, writeTree } from "../emit/talhelper/support/output-tree.js";
import { validateTree } from "../../support/validate-tree.js";
import { patchedCluster } from "./support.js";

type Talconfig = {
  patches: string[];
  controlPlane: { patches: string[] };
  worker?: { patches: string[] };
  nodes: { hostname: string; patches?: string[] }[];
};

test("user patches are copied to talos/patches/<global|controller|worker|node>/ and listed after labc's own", () => {
  const files = emitTalhelper(patchedCluster("v1.10.7"));
  const config = parse(textOf(files, "talos/talconfig.yaml")) as Talconfig;
  assert.deepEqual(config.patches.slice(-1), ["@./patches/global/zone.yaml"]);
  assert.ok(config.patches.indexOf("@./patches/global/machine-time.yaml") < config.patches.indexOf("@./patches/global/zone.yaml"));
  assert.deepEqual(config.controlPlane.patches, ["@./patches/controller/admission-controller-patch.yaml", "@./patches/controller/cluster.yaml", "@./patches/controller/zone.yaml"]);
  assert.deepEqual(config.worker, { patches: ["@./patches/worker/zone.yaml", "@./patches/worker/gpu.yaml"] });
  const w2 = config.nodes.find((n) => n.hostname === "w-02")!;
  // labc's inline kernel-modules patch first, then the node's own file.
  assert.equal(w2.patches?.length, 2);
  assert.match(w2.patches![0]!, /kernel:/);
  assert.equal(w2.patches![1], "@./patches/w-02/zone.yaml");
  assert.equal(config.nodes.find((n) => n.hostname === "w-01")!.patches, undefined);
  assert.equal(textOf(files, "talos/patches/worker/gpu.yaml"), 'machine:\n  nodeLabels:\n    gpu: "true"\n');
  // talhelper runs envsubst over patch files: `$$` keeps the `$` of `$patch`.
  assert.match(textOf(files, "talos/patches/w-02/zone.yaml"), /^ +\$\$patch: delete$/m);
  const readme = textOf(files, "talos/patches/README.md");
  assert.match(readme, /## `w-02\/`: node w-02 only/);
  assert.match(readme, /- `gpu.yaml`: copied from `patches\/workers\/gpu.yaml`\./);
});

function afterEnvsubst(files: readonly OutputFile[]): OutputFile[] {
  return files.map((f) => (f.kind === "text" && f.path.startsWith("talos/patches/") ? { ...f, content: f.content.replace(/\$\$/g, "$") } : f));
}

for (const [version, schema] of [["v1.10.7", "1.10"], ["v1.13.9", "1.13"], ["v1.14.0", "newest"]] as const) {
  test(`Talos ${version} with user patches: talconfig.yaml passes the talhelper schema, every patch file its Talos line's`, () => {
    const dir = writeTree(afterEnvsubst(emitTalhelper(patchedCluster(version))));
    try {
      const result = validateTree(dir, ["--talos", schema, "--talos-patches"]);
      assert.equal(result.status, 0, result.output);
      assert.match(result.output, /talos\/talconfig\.yaml/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
