import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { chooseBackend } from "../../../compiler/cluster-api/diff/kustomize-build.js";
import { renderTree, type RenderedObject } from "../../../compiler/cluster-api/diff/render-tree.js";
import { SecretIndex } from "../../../compiler/cluster-api/diff/secret-index.js";
import type { KubeObject } from "../../support/real-kube-api/client.js";
import { FLUX_CRDS, installCrds, upstreamCrd } from "../../support/real-kube-api/fixtures.js";
import { controlPlaneOptions, labc, project, SECRET_PLAINTEXTS, type Project } from "./support/harness.js";

const DIFF = ["diff", "lab/cluster.lab", "--out", "repo"];
const CLUSTER_SCOPED = new Set(["ClusterIssuer", "CiliumLoadBalancerIPPool", "CiliumL2AnnouncementPolicy", "GatewayClass"]);

function identity(p: Project): string {
  return readFileSync(join(p.dir, "lab", "age.key"), "utf8").split("\n").find((l) => l.startsWith("AGE-SECRET-KEY-"))!;
}

async function render(p: Project, env: NodeJS.ProcessEnv = process.env): Promise<RenderedObject[]> {
  return renderTree(join(p.dir, "repo"), chooseBackend(env), new SecretIndex(join(p.dir, "repo"), [identity(p)], []), async (apiVersion, kind) => (await p.api.serves(apiVersion, kind))?.namespaced);
}

/**
 * A cluster where Flux applied the whole build: every CRD served (with its upstream schema where
 * one is vendored, so the server validates the build's objects), every object applied as
 * kustomize-controller.
 */
async function reconciled(p: Project): Promise<RenderedObject[]> {
  await installCrds(p.api, FLUX_CRDS, "flux-operator");
  const missing = new Map<string, KubeObject>();
  for (const { object } of await render(p)) {
    const apiVersion = String(object["apiVersion"]);
    const kind = String(object["kind"]);
    if (missing.has(`${apiVersion}/${kind}`) || (await p.api.serves(apiVersion, kind))) continue;
    const [group, version] = apiVersion.split("/") as [string, string];
    missing.set(`${apiVersion}/${kind}`, upstreamCrd(group, kind, `${kind.toLowerCase()}s`, version, CLUSTER_SCOPED.has(kind) ? "Cluster" : "Namespaced"));
  }
  await installCrds(p.api, [...missing.values()]);
  const rendered = await render(p);
  const ordered = [...rendered.filter((r) => r.object["kind"] === "Namespace"), ...rendered.filter((r) => r.object["kind"] !== "Namespace")];
  for (const { object } of ordered) await p.api.apply(object, "kustomize-controller");
  return rendered;
}

test("diff: in sync after Flux applied the build; then changed fields, a changed Secret (by hash), a deleted object and a pruned one, per app", controlPlaneOptions(), async () => {
  const p = await project();
  try {
    await reconciled(p);
    // The server holds Flux's real schema: a HelmRelease without a chart is refused (a CEL rule), so the build's passed it.
    const refused = await p.api.raw("POST", "/apis/helm.toolkit.fluxcd.io/v2/namespaces/default/helmreleases", { apiVersion: "helm.toolkit.fluxcd.io/v2", kind: "HelmRelease", metadata: { name: "no-chart", namespace: "default" }, spec: { interval: "1h" } });
    assert.equal(refused.status, 422, JSON.stringify(refused.body));
    const clean = await labc(p, DIFF);
    assert.equal(clean.code, 0, clean.stdout + clean.stderr);
    assert.match(clean.stdout, /no drift: the cluster holds what the build would apply/);
    assert.match(clean.stdout, /in sync: kube-system\/cilium, /);

    // Someone edits the cluster by hand.
    const MERGE = "application/merge-patch+json";
    await p.api.call("PATCH", "/apis/helm.toolkit.fluxcd.io/v2/namespaces/default/helmreleases/echo?fieldManager=kubectl-edit", { spec: { interval: "5m" } }, MERGE);
    await p.api.call("PATCH", "/api/v1/namespaces/network/secrets/cloudflare-tunnel-secret?fieldManager=kubectl-edit", { data: { TUNNEL_TOKEN: Buffer.from("hand-edited-token").toString("base64") } }, MERGE);
    await p.api.remove("cert-manager.io/v1", "ClusterIssuer", undefined, "letsencrypt-production");
    await p.api.setStatus("kustomize.toolkit.fluxcd.io/v1", "Kustomization", "kube-system", "reloader", { inventory: { entries: [{ id: "kube-system_reloader_helm.toolkit.fluxcd.io_HelmRelease", v: "v2" }, { id: "kube-system_old-settings__ConfigMap", v: "v1" }] } }, "kustomize-controller");

    const r = await labc(p, DIFF);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /^default\/echo: 1 object drift\n  ~ HelmRelease default\/echo\n      changed  spec\.interval: "5m" → "1h"$/m);
    assert.match(r.stdout, /^network\/cloudflare-tunnel: 1 object drift\n  ~ Secret network\/cloudflare-tunnel-secret\n      changed  data\.TUNNEL_TOKEN \(value differs\)$/m);
    assert.match(r.stdout, /^cert-manager\/cert-manager: 1 object drift\n  \+ ClusterIssuer letsencrypt-production: not in the cluster; Flux creates it$/m);
    assert.match(r.stdout, /^kube-system\/reloader: 1 object drift\n  - ConfigMap kube-system\/old-settings: applied by Flux before, no longer built; Flux prunes it$/m);
    assert.match(r.stdout, /drift in 4 of 12 groups \(4 objects\)/);
    for (const secret of [...SECRET_PLAINTEXTS, "hand-edited-token", Buffer.from("hand-edited-token").toString("base64")]) assert.ok(!r.stdout.includes(secret), "no secret value in the diff");

    const json = await labc(p, [...DIFF, "--json"]);
    assert.equal(json.code, 1);
    const doc = JSON.parse(json.stdout) as { drift: boolean; apps: { app: string; objects: { kind: string; drift: string; method: string; changes: { path: string; change: string; from?: string }[] }[] }[] };
    assert.equal(doc.drift, true);
    const echo = doc.apps.find((a) => a.app === "default/echo")!.objects[0]!;
    assert.equal(echo.method, "dry-run");
    assert.deepEqual(echo.changes, [{ path: "spec.interval", change: "changed", from: '"5m"', to: '"1h"' }]);
    const secret = doc.apps.find((a) => a.app === "network/cloudflare-tunnel")!.objects[0]!;
    assert.deepEqual(secret.changes, [{ path: "data.TUNNEL_TOKEN", change: "changed" }]);

    // Every write labc sent (user admin, in the server's audit log) was a forced dry-run apply as Flux.
    const writes = p.cluster.auditEvents().filter((e) => e.user.username === "admin" && !["get", "list", "watch"].includes(e.verb));
    assert.ok(writes.length > 60, `${writes.length} writes`);
    for (const w of writes) {
      assert.equal(w.verb, "patch", w.requestURI);
      assert.match(w.requestURI, /[?&]dryRun=All(&|$)/);
      assert.match(w.requestURI, /[?&]fieldManager=kustomize-controller(&|$)/);
    }
  } finally {
    await p.close();
  }
});

test("diff: labc's built-in kustomize renders the same objects as kubectl kustomize", async (t) => {
  if (chooseBackend(process.env).kind !== "kubectl") return t.skip("kubectl not installed");
  const p = await project();
  try {
    const normal = (rs: RenderedObject[]) => rs.map((r) => `${r.owner} ${JSON.stringify(sortDeep(r.object))}`).sort();
    const withKubectl = normal(await render(p));
    const builtin = normal(await render(p, { ...process.env, LABC_KUBECTL: "none" }));
    assert.ok(withKubectl.length > 60);
    assert.deepEqual(builtin, withKubectl);
  } finally {
    await p.close();
  }
});

function sortDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortDeep);
  if (v && typeof v === "object") return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortDeep((v as Record<string, unknown>)[k])]));
  return v;
}
