import { test } from "node:test";
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { parse } from "yaml";
import { emitTalhelper } from "../../../../compiler/emit/talhelper/index.js";
import type { OutputFile } from "../../../../compiler/model/output.js";
import { homelabCluster } from "../../../support/homelab-model.js";
import { haVlanCluster } from "./support/ha-vlan-cluster.js";
import { textOf, writeTree } from "./support/output-tree.js";
import { validateTree } from "../../../support/validate-tree.js";

/**
 * The patch files follow the cluster's Talos line: each line's files validate as partial configs
 * against that line's schema (validate-tree --talos-patches), and talconfig.yaml keeps passing the
 * talhelper schema whatever the line. Patch files are checked as Talos reads them, after
 * talhelper's envsubst has turned the emitter's `$$patch` back into `$patch`.
 */
function afterEnvsubst(files: readonly OutputFile[]): OutputFile[] {
  return files.map((f) => (f.kind === "text" && f.path.startsWith("talos/patches/") ? { ...f, content: f.content.replace(/\$\$/g, "$") } : f));
}

const lines: readonly [string, string][] = [["v1.10.7", "1.10"], ["v1.11.5", "1.11"], ["v1.12.6", "1.12"], ["v1.13.9", "1.13"], ["v1.14.0", "newest"]];

for (const [version, schema] of lines) {
  test(`Talos ${version}: patch files validate against the ${schema} schema, talconfig.yaml against talhelper's`, () => {
    for (const cluster of [homelabCluster({ talosVersion: version }), haVlanCluster({ talosVersion: version })]) {
      const dir = writeTree(afterEnvsubst(emitTalhelper(cluster)));
      try {
        const result = validateTree(dir, ["--talos", schema, "--talos-patches"]);
        assert.equal(result.status, 0, result.output);
        assert.match(result.output, /talos\/talconfig\.yaml/);
        assert.doesNotMatch(result.output, /^SKIP/m);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });
}

test("Talos 1.14: no patch sets a v1alpha1 field 1.14 dropped; only etcd is left in v1alpha1", () => {
  const files = emitTalhelper(haVlanCluster({ talosVersion: "v1.14.0" }));
  for (const file of files.filter((f) => f.path.startsWith("talos/patches/") && f.path.endsWith(".yaml"))) {
    const text = file.kind === "text" ? file.content : "";
    assert.doesNotMatch(text, /^machine:/m, file.path);
    if (file.path !== "talos/patches/controller/cluster.yaml") assert.doesNotMatch(text, /^cluster:/m, file.path);
  }
  assert.match(textOf(files, "talos/patches/controller/cluster.yaml"), /^cluster:\n {2}etcd:\n/m);
  const talconfig = parse(textOf(files, "talos/talconfig.yaml")) as { patches: string[] };
  assert.ok(talconfig.patches.includes("@./patches/global/machine-security.yaml"));
});

test("Talos 1.13 and older keep cluster-template's v1alpha1 patches and no security profile", () => {
  const files = emitTalhelper(haVlanCluster({ talosVersion: "v1.13.9" }));
  assert.match(textOf(files, "talos/patches/global/machine-kubelet.yaml"), /^machine:\n {2}kubelet:\n/);
  assert.ok(!files.some((f) => f.path === "talos/patches/global/machine-security.yaml"));
});
