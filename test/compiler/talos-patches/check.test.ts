import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadCluster } from "../../../compiler/talos-cli/index.js";
import { renderNodeConfigs } from "../../../compiler/emit/talos/index.js";
import { removeDir, tempDir } from "../../support/tree.js";
import { repoPath } from "../../support/paths.js";
import { validateTalosTree } from "../../support/validate-tree.js";
import { vectorSecrets } from "../talos-cli/support/examples.js";

/** A project whose cluster.lab imports nodes/workers.lab; each names patches beside itself. */
function project(talos: string): string {
  const dir = tempDir("talos-patches-check");
  const base = readFileSync(repoPath("test", "errors", "cases", "_base.lab"), "utf8")
    .replace("talos      = v1.10.7", `talos      = ${talos}`)
    .replace("  recipients = [", '  patches    = [file("patches/all.yaml")]\n  worker-patches = [file("patches/workers.yaml")]\n  recipients = [');
  writeFileSync(join(dir, "cluster.lab"), `import "nodes/workers.lab"\n${base}`);
  mkdirSync(join(dir, "patches"));
  mkdirSync(join(dir, "nodes"));
  writeFileSync(join(dir, "patches", "all.yaml"), "machine:\n  sysctls:\n    vm.max_map_count: \"262144\"\n");
  writeFileSync(join(dir, "patches", "workers.yaml"), "machine:\n  nodeLabels:\n    role: storage\n");
  writeFileSync(
    join(dir, "nodes", "workers.lab"),
    'node wk-01 {\n  role = worker\n  address = 192.168.31.20\n  mac = 00:11:22:33:44:66\n  disk = "/dev/sda"\n  schematic = "376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba"\n  patches = [file("wk-01.yaml")]\n}\n',
  );
  writeFileSync(join(dir, "nodes", "wk-01.yaml"), "machine:\n  nodeLabels:\n    disk: nvme\n");
  return dir;
}

test("patch paths are relative to the .lab file that names them; the model carries their text", () => {
  const dir = project("v1.13.9");
  try {
    // Loaded with a working directory that is not the process's: paths still resolve.
    const loaded = loadCluster("cluster.lab", dir);
    assert.deepEqual(loaded.diagnostics.filter((d) => d.severity === "error").map((d) => d.message), []);
    const model = loaded.model!;
    assert.deepEqual(model.talosPatches?.all.map((p) => [p.path, p.content]), [["patches/all.yaml", 'machine:\n  sysctls:\n    vm.max_map_count: "262144"\n']]);
    assert.deepEqual(model.talosPatches?.worker.map((p) => p.path), ["patches/workers.yaml"]);
    assert.deepEqual(model.talosPatches?.controlplane, []);
    const worker = model.nodes.find((n) => n.name === "wk-01")!;
    assert.deepEqual(worker.talosPatches?.map((p) => p.path), ["wk-01.yaml"]);
    assert.equal(worker.talosPatches?.[0]?.span.file, join("nodes", "workers.lab"));
    assert.equal(model.nodes.find((n) => n.name === "cp-01")!.talosPatches, undefined);
  } finally {
    removeDir(dir);
  }
});

for (const [talos, line] of [["v1.10.7", "1.10"], ["v1.13.9", "1.13"]] as const) {
  test(`Talos ${line}: the patched machine configs labc writes validate with validate-tree too`, () => {
    const dir = project(talos);
    try {
      const model = loadCluster("cluster.lab", dir).model!;
      const out = join(dir, "out");
      mkdirSync(out);
      const files = renderNodeConfigs(model, vectorSecrets());
      for (const f of files) writeFileSync(join(out, f.name), f.content);
      const result = validateTalosTree(out, line);
      assert.equal(result.status, 0, result.output);
      const byNode = new Map(files.map((f) => [f.node.name, f.content]));
      // The worker group's patch first, then the node's own: both labels, in Go's sorted key order.
      assert.match(byNode.get("wk-01")!, /\n {4}disk: nvme\n {4}role: storage\n/);
      assert.doesNotMatch(byNode.get("cp-01")!, /role: storage/);
      for (const text of byNode.values()) assert.match(text, /vm\.max_map_count: "262144"/);
    } finally {
      removeDir(dir);
    }
  });
}

test("a patch the line rejects stops the check with the problem at the path", () => {
  const dir = project("v1.14.0");
  try {
    const loaded = loadCluster("cluster.lab", dir);
    assert.equal(loaded.model, undefined);
    const errors = loaded.diagnostics.filter((d) => d.severity === "error");
    // patches/all.yaml and patches/workers.yaml; wk-01.yaml writes to the same dropped field after
    // workers.yaml already did, so the problem stays with the patch that brought it in.
    assert.deepEqual(errors.map((d) => `${d.code} ${d.span.file}:${d.span.start.line}`).sort(), ["LAB2026 cluster.lab:10", "LAB2026 cluster.lab:9"]);
    assert.ok(errors.every((d) => /leaves the Talos 1\.14 machine config of .* invalid: the v1alpha1 document: machine\.(sysctls|nodeLabels) is not a field Talos knows here/.test(d.message)), errors.map((d) => d.message).join("\n"));
  } finally {
    removeDir(dir);
  }
});
