import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeApi } from "../../support/real-kube-api/client.js";
import { FLUX_CRDS, installCrds, readyCondition } from "../../support/real-kube-api/fixtures.js";
import { controlPlaneOptions, labc, project, start } from "./support/harness.js";

const STATUS = ["status", "lab/cluster.lab", "--out", "repo"];
const KS = "kustomize.toolkit.fluxcd.io/v1";
const HR = "helm.toolkit.fluxcd.io/v2";
const APPS: [string, string][] = [
  ["kube-system", "cilium"], ["kube-system", "coredns"], ["kube-system", "reloader"], ["cert-manager", "cert-manager"],
  ["flux-system", "flux-operator"], ["flux-system", "flux-instance"], ["network", "cloudflare-dns"], ["network", "cloudflare-tunnel"],
  ["network", "k8s-gateway"], ["default", "echo"],
];

interface AppJson { name: string; namespace: string; state: string; blockedBy: string | null; lastError: string | null; kustomizations: { name: string; ready: string | null; revision: string | null }[]; helmRelease: { ready: string | null; revision: string | null; wantedVersion: string } }
interface StatusJson { schemaVersion: number; fluxInstalled: boolean; summary: Record<string, number>; apps: AppJson[] }

/**
 * Flux as it would look mid-reconcile: most apps ready, one failing, one progressing, one never
 * created. The tests play kustomize-controller and helm-controller: objects by server-side apply,
 * status by merge patches of the status subresource.
 */
/** One entry of a HelmRelease's status.history, as helm-controller records an installed release. */
function snapshot(namespace: string, name: string): Record<string, unknown> {
  const digest = `sha256:${"0".repeat(64)}`;
  return { name, namespace, version: 1, status: "deployed", chartName: name, chartVersion: "9.9.9", configDigest: digest, digest, firstDeployed: "2026-01-01T00:00:00Z", lastDeployed: "2026-01-01T00:00:00Z" };
}

async function seedFlux(api: KubeApi): Promise<void> {
  await installCrds(api, FLUX_CRDS, "flux-operator");
  for (const ns of new Set(APPS.map(([n]) => n))) await api.apply({ apiVersion: "v1", kind: "Namespace", metadata: { name: ns } }, "labc-seed");
  // The objects and their status pass Flux's real schemas (a source, a chart, a whole release snapshot).
  const source = { kind: "OCIRepository", name: "flux-system", namespace: "flux-system" };
  const ks = (ns: string, name: string, path: string) => api.apply({ apiVersion: KS, kind: "Kustomization", metadata: { name, namespace: ns }, spec: { path, interval: "1h", prune: true, sourceRef: source } }, "kustomize-controller");
  const ksStatus = (ns: string, name: string, status: Record<string, unknown>) => api.setStatus(KS, "Kustomization", ns, name, status, "kustomize-controller");
  const hrStatus = (ns: string, name: string, status: Record<string, unknown>) => api.setStatus(HR, "HelmRelease", ns, name, status, "helm-controller");
  for (const [ns, name] of APPS) {
    await ks(ns, name, `./kubernetes/apps/${ns}/${name}/app`);
    await api.apply({ apiVersion: HR, kind: "HelmRelease", metadata: { name, namespace: ns }, spec: { interval: "1h", chartRef: { kind: "OCIRepository", name } } }, "kustomize-controller");
    await ksStatus(ns, name, { observedGeneration: 1, lastAppliedRevision: "refs/heads/main@sha1:0123456789abcdef0123456789abcdef01234567", conditions: [readyCondition("True", "ReconciliationSucceeded", "Applied revision: refs/heads/main@sha1:0123456")] });
    await hrStatus(ns, name, { observedGeneration: 1, history: [snapshot(ns, name)], conditions: [readyCondition("True", "InstallSucceeded", "Helm install succeeded")] });
  }
  await ks("kube-system", "cilium-gateway", "./kubernetes/apps/kube-system/cilium/gateway");
  await ksStatus("kube-system", "cilium-gateway", { observedGeneration: 1, conditions: [readyCondition("True", "ReconciliationSucceeded", "ok")] });
  await hrStatus("network", "cloudflare-tunnel", { conditions: [readyCondition("False", "InstallFailed", "Helm install failed for release network/cloudflare-tunnel: context deadline exceeded")] });
  await ksStatus("default", "echo", { conditions: [readyCondition("False", "DependencyNotReady", "dependency 'network/cloudflare-tunnel' is not ready")] });
  await hrStatus("flux-system", "flux-operator", { conditions: [readyCondition("Unknown", "Progressing", "Running 'install' action with timeout of 5m0s")] });
  // The FluxInstance needs flux-operator's CRD: the one stdlib run-time edge.
  await ksStatus("flux-system", "flux-instance", { conditions: [readyCondition("False", "DependencyNotReady", "dependency 'flux-system/flux-operator' is not ready")] });
  // metrics-server: no Kustomization at all yet.
}

test("status: before Flux runs, every app is reported and the exit code says not ready", controlPlaneOptions(), async () => {
  const p = await project();
  try {
    const text = await labc(p, STATUS);
    assert.equal(text.code, 1);
    assert.match(text.stdout, /^APP +STATE +KS +HR +REVISION +CHART +NOTE$/m);
    assert.match(text.stdout, /Flux is not installed yet/);
    const json = await labc(p, [...STATUS, "--json"]);
    const doc = JSON.parse(json.stdout) as StatusJson;
    assert.equal(doc.schemaVersion, 1);
    assert.equal(doc.fluxInstalled, false);
    assert.equal(doc.apps.length, 11);
    assert.equal(doc.summary["ready"], 0);
  } finally {
    await p.close();
  }
});

test("status: readiness, revision, last error and the blocking dependency per app (text and --json)", controlPlaneOptions(), async () => {
  const p = await project();
  try {
    await seedFlux(p.api);
    const r = await labc(p, [...STATUS, "--json"]);
    assert.equal(r.code, 1, r.stderr);
    const doc = JSON.parse(r.stdout) as StatusJson;
    const app = (name: string) => doc.apps.find((a) => a.name === name)!;
    assert.equal(app("cilium").state, "ready");
    assert.deepEqual(app("cilium").kustomizations.map((k) => k.name), ["cilium", "cilium-gateway"]);
    assert.equal(app("cilium").kustomizations[0]!.revision, "refs/heads/main@sha1:0123456789abcdef0123456789abcdef01234567");
    assert.equal(app("cilium").helmRelease.revision, "9.9.9");
    assert.equal(app("cilium").helmRelease.wantedVersion, "1.18.1");
    assert.equal(app("cloudflare-tunnel").state, "failed");
    assert.match(app("cloudflare-tunnel").lastError!, /context deadline exceeded/);
    assert.equal(app("echo").state, "blocked");
    assert.equal(app("echo").blockedBy, "network/cloudflare-tunnel");
    assert.equal(app("flux-operator").state, "progressing");
    assert.equal(app("cert-manager").state, "ready", "installed before flux-operator, but not a run-time need of it");
    assert.equal(app("flux-instance").state, "blocked");
    assert.equal(app("flux-instance").blockedBy, "flux-system/flux-operator");
    assert.equal(app("metrics-server").state, "missing");
    assert.deepEqual(doc.summary, { total: 11, ready: 6, progressing: 1, blocked: 2, failed: 1, suspended: 0, missing: 1 });

    const text = await labc(p, STATUS);
    assert.match(text.stdout, /^kube-system\/cilium +ready +True,True +True +main@0123456 +9\.9\.9 → 1\.18\.1$/m);
    assert.match(text.stdout, /^default\/echo +blocked .* waiting for network\/cloudflare-tunnel \(failed\)$/m);
    assert.match(text.stdout, /^network\/cloudflare-tunnel +failed .*Helm install failed for release network\/cloudflare-tunnel: context deadline exceeded$/m);
    assert.match(text.stdout, /6\/11 apps ready; 1 progressing, 2 blocked, 1 failed, 1 missing/);
  } finally {
    await p.close();
  }
});

test("status --watch --json: a new document on each change, through a dropped watch; SIGTERM ends it cleanly", controlPlaneOptions(), async () => {
  const p = await project();
  try {
    await seedFlux(p.api);
    const run = start(p, [...STATUS, "--watch", "--json"]);
    const docs = () => run.output().split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as StatusJson);
    const state = (d: StatusJson, name: string) => d.apps.find((a) => a.name === name)!.state;
    await run.waitFor(/"schemaVersion":1/);
    assert.equal(state(docs()[0]!, "flux-operator"), "progressing");

    await p.api.setStatus(HR, "HelmRelease", "flux-system", "flux-operator", { conditions: [readyCondition("True", "InstallSucceeded", "Helm install succeeded")] }, "helm-controller");
    // flux-instance is no longer blocked: it waits for Flux to retry its dependency check.
    await run.waitFor(/"name":"flux-instance","namespace":"flux-system","state":"progressing"/);
    assert.equal(state(docs().at(-1)!, "flux-operator"), "ready");

    // The API server restarts, so every watch drops: labc resumes (from its resourceVersion, or
    // by listing again if the restarted server answers 410 Gone) and misses no change.
    await p.cluster.restart();
    await p.api.setStatus(HR, "HelmRelease", "network", "cloudflare-tunnel", { conditions: [readyCondition("True", "UpgradeSucceeded", "Helm upgrade succeeded")] }, "helm-controller");
    await run.waitFor(/"name":"echo","namespace":"default","state":"progressing"/, 40_000);
    assert.equal(state(docs().at(-1)!, "cloudflare-tunnel"), "ready");

    run.child.kill("SIGTERM");
    const r = await run.done;
    assert.equal(r.code, 0, r.stderr);
  } finally {
    await p.close();
  }
});
