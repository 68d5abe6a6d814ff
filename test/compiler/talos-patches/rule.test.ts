import { test } from "node:test";
import assert from "node:assert/strict";
import { Reporter } from "../../../lang/diagnostics/reporter.js";
import { checkTalosPatches } from "../../../compiler/check/rules/talos-patches.js";
import type { ClusterModel } from "../../../compiler/model/model.js";
import { homelabCluster } from "../../support/homelab-model.js";
import { patch, patchedCluster } from "./support.js";

function diagnostics(cluster: ClusterModel): string[] {
  const r = new Reporter();
  checkTalosPatches(cluster, r);
  return r.diagnostics.map((d) => `${d.code} ${d.message}`);
}

for (const version of ["v1.10.7", "v1.11.5", "v1.12.6", "v1.13.9", "v1.14.0"]) {
  test(`Talos ${version}: valid patches at every level give no diagnostic`, () => {
    assert.deepEqual(diagnostics(patchedCluster(version)), []);
  });
}

const kubelet = "machine:\n  kubelet:\n    extraConfigz: {}\n";
const unkubelet = "machine:\n  kubelet:\n    extraConfigz:\n      $patch: delete\n";

test("a problem is blamed on the patch that brought it in, once, naming the nodes", () => {
  const cluster = homelabCluster({ talosPatches: { all: [patch("patches/a.yaml", kubelet), patch("patches/b.yaml", "machine:\n  nodeLabels:\n    x: y\n")], controlplane: [], worker: [] } });
  const two = { ...cluster, nodes: [...cluster.nodes, { ...cluster.nodes[0]!, name: "cp-02", address: "192.168.31.253", mac: "00:11:22:33:44:56" }] };
  assert.deepEqual(diagnostics(two), [
    "LAB2026 patches/a.yaml leaves the Talos 1.10 machine config of cp-01, cp-02 invalid: the v1alpha1 document: machine.kubelet.extraConfigz is not a field Talos knows here",
  ]);
});

test("a problem a later patch repairs is no problem", () => {
  const cluster = homelabCluster({ talosPatches: { all: [patch("patches/a.yaml", kubelet), patch("patches/b.yaml", unkubelet)], controlplane: [], worker: [] } });
  assert.deepEqual(diagnostics(cluster), []);
});

test("a problem that shows up only once labc's later patches are applied is blamed on the last user patch before them", () => {
  // The node's patch deletes the generated KubeletConfig; labc's global machine-kubelet.yaml (applied
  // after node patches) then brings back one without the image Talos requires.
  const base = homelabCluster({ talosVersion: "v1.14.0" });
  const node = { ...base.nodes[0]!, talosPatches: [patch("patches/no-kubelet.yaml", "apiVersion: v1alpha1\nkind: KubeletConfig\n$patch: delete\n")] };
  assert.deepEqual(diagnostics({ ...base, nodes: [node] }), [
    "LAB2026 patches/no-kubelet.yaml leaves the Talos 1.14 machine config of cp-01 invalid: KubeletConfig: is missing the required field 'image'",
  ]);
});

test("a strategic delete of something that is not there is refused, as Talos refuses it", () => {
  const cluster = homelabCluster({ talosPatches: { all: [patch("patches/gone.yaml", "machine:\n  nodeTaints:\n    $patch: delete\n")], controlplane: [], worker: [] } });
  const [only, ...rest] = diagnostics(cluster);
  assert.deepEqual(rest, []);
  assert.match(only!, /^LAB2026 Talos would refuse patches\/gone.yaml on cp-01: patch delete: path 'machine.nodeTaints' not found$/);
});

test("no user patch, no work: labc's own patches are not judged here", () => {
  assert.deepEqual(diagnostics(homelabCluster({ talosVersion: "v1.14.0" })), []);
});
