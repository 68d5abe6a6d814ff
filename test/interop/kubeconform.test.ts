import { test } from "node:test";
import assert from "node:assert/strict";

import { buildCase, interopCases } from "./support/built-cases.js";
import { classifyTree, GENERATOR_INPUT, KUSTOMIZE_CONFIG } from "./support/k8s-tree.js";
import { clusterView } from "./support/cluster-view.js";
import { toolOptions } from "./support/tools.js";
import { gvk, kubeconform, MISSING_SCHEMAS, missingSchema, rejected, type KubeconformResource } from "./support/kubeconform-cli.js";
import { removeDir } from "../support/tree.js";

/**
 * The real kubeconform (-strict, local schemas only) over every Kubernetes object labc emits for
 * both examples and every golden fixture, as the API server would receive it: Secrets decrypted
 * by the real sops and Flux postBuild substitution applied, piped on stdin so no plaintext
 * touches the disk.
 */

/** Every exclusion rule must name a non-Kubernetes file type; this is the full list. */
const EXCLUSION_RULES = new Set([
  KUSTOMIZE_CONFIG,
  GENERATOR_INPUT,
  "talhelper/Talos input (talconfig, talenv, secrets bundle, patches, schematics)",
  "helmfile",
  "sops creation rules",
  "Taskfile",
  "CI workflow",
]);

// The set-up itself: -strict must reject an unknown field, and a kind without a schema must be an
// error (not silently skipped), or the runs below would prove nothing.
test("kubeconform, as set up here, rejects unknown fields and kinds without a schema", toolOptions("kubeconform"), () => {
  const { report } = kubeconform(
    [
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fine\ndata:\n  a: b\n",
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: misspelt\ndatta:\n  a: b\n",
      "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: unknown\n",
      "apiVersion: fluxcd.controlplane.io/v1\nkind: FluxInstance\nmetadata:\n  name: flux\n",
    ].map((d) => `---\n${d}`).join(""),
  );
  const status = Object.fromEntries(report.resources.map((r) => [r.name, r.status]));
  assert.deepEqual(status, { fine: "statusValid", misspelt: "statusInvalid", unknown: "statusError", flux: "statusSkipped" });
});

const seenMissing = new Set<string>();
const cases = interopCases();

for (const c of cases) {
  test(`kubeconform -strict accepts every Kubernetes object of ${c.name}`, toolOptions("kubeconform", "sops"), async () => {
    const built = await buildCase(c);
    try {
      const tree = classifyTree(built.out);
      for (const rule of tree.excluded.keys()) assert.ok(EXCLUSION_RULES.has(rule), `unexpected exclusion rule ${rule}`);
      assert.ok(tree.manifests.length > 0, "no Kubernetes manifests found");
      const view = clusterView(built.out, tree);
      assert.deepEqual(view.unresolved, [], "a ${VAR} that Flux substitutes has no value in the tree");
      // Where each object came from: kubeconform reads stdin and names no file.
      const origin = new Map<string, string[]>();
      for (const o of view.objects) {
        const key = `${o.object.apiVersion}/${o.object.kind} ${o.object.metadata?.name}`;
        origin.set(key, [...(origin.get(key) ?? []), o.file]);
      }
      const { report, status, stderr } = kubeconform(view.objects.map((o) => `---\n${o.yaml}`).join(""));
      assert.equal(report.resources.length, view.objects.length, `kubeconform saw ${report.resources.length} objects, labc wrote ${view.objects.length}`);
      const where = (r: KubeconformResource) => `${gvk(r)} ${r.name} (${(origin.get(`${gvk(r)} ${r.name}`) ?? ["?"]).join(", ")})`;
      const failures = rejected(report).map((r) => `${where(r)}: ${r.status} ${r.msg}`);
      assert.deepEqual(failures, [], `kubeconform rejected objects of ${c.name}`);
      for (const r of report.resources.filter(missingSchema)) seenMissing.add(gvk(r));
      assert.ok(report.summary.valid > 0, "nothing was validated");
      const expectedStatus = report.resources.some((r) => r.status === "statusError") ? 1 : 0;
      assert.equal(status, expectedStatus, stderr);
    } finally {
      removeDir(built.out);
    }
  });
}

test("every kind without a vendored schema is listed, and every listed kind is still emitted", toolOptions("kubeconform", "sops"), () => {
  if (process.env["CASE"]) return; // a narrowed run does not see every kind
  assert.deepEqual([...seenMissing].sort(), Object.keys(MISSING_SCHEMAS).sort());
});
