import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "yaml";
import type { PatchFile } from "../../../../compiler/emit/talhelper/index.js";
import { patchFiles } from "../../../../compiler/talos/cluster/index.js";
import { renderTalconfig } from "../../../../compiler/emit/talhelper/talconfig.js";
import { homelabCluster } from "../../../support/homelab-model.js";
import { haVlanCluster } from "./support/ha-vlan-cluster.js";

// cluster-template ships no worker patch, so the rule is exercised with a synthetic one.
const workerPatch: PatchFile = { layer: "worker", name: "machine-labels.yaml", purpose: "test", content: "machine: {}\n" };

test("worker.patches is written when there are workers and a worker patch", () => {
  const cluster = haVlanCluster();
  const config = parse(renderTalconfig(cluster, [...patchFiles(cluster), workerPatch])) as { worker?: unknown };
  assert.deepEqual(config.worker, { patches: ["@./patches/worker/machine-labels.yaml"] });
});

test("worker.patches is left out without workers, even if a worker patch exists", () => {
  const cluster = homelabCluster();
  const text = renderTalconfig(cluster, [...patchFiles(cluster), workerPatch]);
  assert.equal((parse(text) as { worker?: unknown }).worker, undefined);
  assert.doesNotMatch(text, /^worker:/m);
});

test("worker.patches is left out with workers but no worker patch", () => {
  const cluster = haVlanCluster();
  assert.doesNotMatch(renderTalconfig(cluster, patchFiles(cluster)), /^worker:/m);
});
