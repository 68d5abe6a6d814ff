import { test } from "node:test";
import assert from "node:assert/strict";
import { FLUX_CRDS, readyCondition } from "../../support/fake-kube-api/fixtures.js";
import type { FakeKubeApi } from "../../support/fake-kube-api/server.js";
import { removeDir } from "../../support/tree.js";
import { labc, project, start } from "./support/harness.js";

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

/** Flux as it would look mid-reconcile: most apps ready, one failing, one progressing, one never created. */
async function seedFlux(api: FakeKubeApi): Promise<void> {
  for (const c of FLUX_CRDS) api.put(c);
  await new Promise((r) => setTimeout(r, 100));
  for (const ns of new Set(APPS.map(([n]) => n))) api.put({ apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
  const ks = (ns: string, name: string, path: string) => api.put({ apiVersion: KS, kind: "Kustomization", metadata: { name, namespace: ns }, spec: { path, interval: "1h", prune: true } }, "kustomize-controller");
  for (const [ns, name] of APPS) {
    ks(ns, name, `./kubernetes/apps/${ns}/${name}/app`);
    api.put({ apiVersion: HR, kind: "HelmRelease", metadata: { name, namespace: ns }, spec: { interval: "1h" } }, "kustomize-controller");
    api.setStatus(KS, "Kustomization", ns, name, { observedGeneration: 1, lastAppliedRevision: "refs/heads/main@sha1:0123456789abcdef0123456789abcdef01234567", conditions: [readyCondition("True", "ReconciliationSucceeded", "Applied revision: refs/heads/main@sha1:0123456")] });
    api.setStatus(HR, "HelmRelease", ns, name, { observedGeneration: 1, history: [{ chartVersion: "9.9.9" }], conditions: [readyCondition("True", "InstallSucceeded", "Helm install succeeded")] });
  }
  ks("kube-system", "cilium-gateway", "./kubernetes/apps/kube-system/cilium/gateway");
  api.setStatus(KS, "Kustomization", "kube-system", "cilium-gateway", { observedGeneration: 1, conditions: [readyCondition("True", "ReconciliationSucceeded", "ok")] });
  api.setStatus(HR, "HelmRelease", "network", "cloudflare-tunnel", { conditions: [readyCondition("False", "InstallFailed", "Helm install failed for release network/cloudflare-tunnel: context deadline exceeded")] });
  api.setStatus(KS, "Kustomization", "default", "echo", { conditions: [readyCondition("False", "DependencyNotReady", "dependency 'network/cloudflare-tunnel' is not ready")] });
  api.setStatus(HR, "HelmRelease", "flux-system", "flux-operator", { conditions: [readyCondition("Unknown", "Progressing", "Running 'install' action with timeout of 5m0s")] });
  // The FluxInstance needs flux-operator's CRD: the one stdlib run-time edge.
  api.setStatus(KS, "Kustomization", "flux-system", "flux-instance", { conditions: [readyCondition("False", "DependencyNotReady", "dependency 'flux-system/flux-operator' is not ready")] });
  // metrics-server: no Kustomization at all yet.
}

test("status: before Flux runs, every app is reported and the exit code says not ready", async () => {
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
    await p.api.stop();
    removeDir(p.dir);
  }
});

test("status: readiness, revision, last error and the blocking dependency per app (text and --json)", async () => {
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
    await p.api.stop();
    removeDir(p.dir);
  }
});

test("status --watch --json: a new document on each change, through a dropped watch; SIGTERM ends it cleanly", async () => {
  const p = await project();
  try {
    await seedFlux(p.api);
    const run = start(p, [...STATUS, "--watch", "--json"]);
    const docs = () => run.output().split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as StatusJson);
    const state = (d: StatusJson, name: string) => d.apps.find((a) => a.name === name)!.state;
    await run.waitFor(/"schemaVersion":1/);
    assert.equal(state(docs()[0]!, "flux-operator"), "progressing");

    p.api.setStatus(HR, "HelmRelease", "flux-system", "flux-operator", { conditions: [readyCondition("True", "InstallSucceeded", "Helm install succeeded")] });
    // flux-instance is no longer blocked: it waits for Flux to retry its dependency check.
    await run.waitFor(/"name":"flux-instance","namespace":"flux-system","state":"progressing"/);
    assert.equal(state(docs().at(-1)!, "flux-operator"), "ready");

    // The server ends every watch (a restart, a load balancer timeout): labc resumes.
    p.api.dropWatches();
    await new Promise((r) => setTimeout(r, 300));
    p.api.setStatus(HR, "HelmRelease", "network", "cloudflare-tunnel", { conditions: [readyCondition("True", "UpgradeSucceeded", "Helm upgrade succeeded")] });
    await run.waitFor(/"name":"echo","namespace":"default","state":"progressing"/);
    assert.equal(state(docs().at(-1)!, "cloudflare-tunnel"), "ready");

    run.child.kill("SIGTERM");
    const r = await run.done;
    assert.equal(r.code, 0, r.stderr);
  } finally {
    await p.api.stop();
    removeDir(p.dir);
  }
});
