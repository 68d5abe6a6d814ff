import { test } from "node:test";
import assert from "node:assert/strict";

import { buildCase, interopCases } from "./support/built-cases.js";
import { classifyTree, GENERATOR_INPUT, KUSTOMIZE_CONFIG } from "./support/k8s-tree.js";
import { clusterView } from "./support/cluster-view.js";
import { runTool, toolOptions } from "./support/tools.js";
import { upstreamPath } from "../support/paths.js";
import { removeDir } from "../support/tree.js";

/**
 * The real kubeconform (-strict, local schemas only) over every Kubernetes object labc emits for
 * both examples and every golden fixture, as the API server would receive it: Secrets decrypted
 * by the real sops and Flux postBuild substitution applied, piped on stdin so no plaintext
 * touches the disk.
 */

/** Kinds deliberately not validated, and why. `-skip` takes these; anything else skipped is a failure. */
const SKIPPED: Readonly<Record<string, string>> = {
  "fluxcd.controlplane.io/v1/FluxInstance": "flux-operator's CRD is AGPL-3.0 and is not vendored (labc emits FluxInstance only inside the flux-instance chart's values)",
};

/**
 * Kinds labc emits for which no schema is vendored, and why. Empty: every emitted kind has one.
 * A new kind without a schema fails the run until it is listed here (or its schema vendored).
 */
const MISSING_SCHEMAS: Readonly<Record<string, string>> = {};

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

interface KubeconformResource {
  readonly filename: string;
  readonly kind: string;
  readonly name: string;
  readonly version: string;
  readonly status: "statusValid" | "statusInvalid" | "statusError" | "statusSkipped" | "statusEmpty";
  readonly msg: string;
}

interface KubeconformReport {
  readonly resources: readonly KubeconformResource[];
  readonly summary: { valid: number; invalid: number; errors: number; skipped: number };
}

function kubeconformArgs(): string[] {
  return [
    "-strict",
    "-summary",
    "-verbose",
    "-output", "json",
    "-skip", Object.keys(SKIPPED).join(","),
    "-schema-location", `${upstreamPath("schemas", "k8s", "v1.36-standalone-strict")}/{{ .ResourceKind }}{{ .KindSuffix }}.json`,
    "-schema-location", `${upstreamPath("schemas", "crds")}/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json`,
    "-",
  ];
}

export function kubeconform(yaml: string): { report: KubeconformReport; status: number; stderr: string } {
  const run = runTool("kubeconform", kubeconformArgs(), { input: yaml });
  let report: KubeconformReport;
  try {
    report = JSON.parse(run.stdout) as KubeconformReport;
  } catch {
    throw new Error(`kubeconform printed no JSON report (exit ${run.status}): ${run.stderr.slice(0, 2000)}`);
  }
  return { report, status: run.status, stderr: run.stderr };
}

const gvk = (r: { version: string; kind: string }) => `${r.version}/${r.kind}`;
const missingSchema = (r: KubeconformResource) => r.status === "statusError" && /could not find schema/.test(r.msg);

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
      const failures = report.resources
        .filter((r) => r.status !== "statusValid" && r.status !== "statusSkipped" && !(missingSchema(r) && gvk(r) in MISSING_SCHEMAS))
        .map((r) => `${where(r)}: ${r.status} ${r.msg}`);
      assert.deepEqual(failures, [], `kubeconform rejected objects of ${c.name}`);
      for (const r of report.resources.filter(missingSchema)) seenMissing.add(gvk(r));
      const skipped = report.resources.filter((r) => r.status === "statusSkipped").map(gvk);
      for (const kind of skipped) assert.ok(kind in SKIPPED, `${kind} was skipped without a listed reason`);
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
