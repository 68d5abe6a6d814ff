import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { decryptSops } from "../../../compiler/secrets/index.js";
import type { KubeObject } from "../../support/real-kube-api/client.js";
import { crd, installCrds, registerNode } from "../../support/real-kube-api/fixtures.js";
import { BOOTSTRAP, controlPlaneOptions, helmfileCalls, labc, project, SECRET_PLAINTEXTS, start, type Project } from "./support/harness.js";

const RELEASES = ["kube-system/cilium", "kube-system/coredns", "cert-manager/cert-manager", "flux-system/flux-operator", "flux-system/flux-instance"];

/** The kinds bootstrap writes (and the Nodes the tests register), all namespaces. */
async function bootstrapObjects(p: Project): Promise<KubeObject[]> {
  const kinds: [string, string][] = [["v1", "Namespace"], ["v1", "Secret"], ["apiextensions.k8s.io/v1", "CustomResourceDefinition"], ["v1", "Node"]];
  return (await Promise.all(kinds.map(([v, k]) => p.api.list(v, k)))).flat();
}

const keyOf = (o: KubeObject) => `${String(o["kind"])} ${String(o.metadata!["namespace"] ?? "")}/${String(o.metadata!["name"])}`;

/** Every bootstrap object's resourceVersion: equal before and after means nothing was written. */
async function versions(p: Project): Promise<Map<string, unknown>> {
  return new Map((await bootstrapObjects(p)).map((o) => [keyOf(o), o.metadata!["resourceVersion"]]));
}

/** The cluster's objects without what differs between two equal histories (ids, times, versions). */
async function endState(p: Project): Promise<Map<string, unknown>> {
  const out = new Map<string, unknown>();
  for (const o of await bootstrapObjects(p)) {
    const meta = { ...(o.metadata as Record<string, unknown>) };
    for (const k of ["uid", "creationTimestamp", "resourceVersion"]) delete meta[k];
    meta["managedFields"] = ((meta["managedFields"] as { time?: string }[] | undefined) ?? []).map(({ time: _t, ...rest }) => rest);
    // Condition times say when, and their order which controller got there first, not what.
    const status = JSON.parse(JSON.stringify(o["status"] ?? null, (k, v: unknown) => (k === "lastTransitionTime" || k === "lastHeartbeatTime" ? undefined : k === "conditions" && Array.isArray(v) ? [...(v as { type: string }[])].sort((a, b) => a.type.localeCompare(b.type)) : v)));
    out.set(keyOf(o), { ...o, metadata: meta, status });
  }
  return out;
}

function helmSecrets(p: Project): Promise<KubeObject[]> {
  return p.api.list("v1", "Secret", "?labelSelector=owner%3Dhelm");
}

function assertNoPlaintext(text: string): void {
  for (const secret of SECRET_PLAINTEXTS) assert.ok(!text.includes(secret), `output must not contain ${secret.slice(0, 12)}…`);
}

/** labc's writes, from the server's audit log (labc connects as user admin; helm's writes are the stand-in helmfile's). */
function labcWrites(p: Project): { verb: string; uri: string }[] {
  return p.cluster
    .auditEvents()
    .filter((e) => e.user.username === "admin" && !["get", "list", "watch"].includes(e.verb) && !e.requestURI.includes("fieldManager=helm"))
    .map((e) => ({ verb: e.verb, uri: e.requestURI }));
}

test("bootstrap apps: waits for the node, then namespaces, secrets, CRDs and helmfile; each release reported as it lands", controlPlaneOptions(), async () => {
  const p = await project();
  try {
    const run = start(p, BOOTSTRAP);
    await run.waitFor(/waiting for 1 node/);
    await registerNode(p.api, "cp-01", "Unknown");
    await run.waitFor(/cp-01: registering/);
    await registerNode(p.api, "cp-01", "False");
    const r = await run.done;
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /cp-01: Ready=False .* 1\/1 registered/);
    // The API server makes default and kube-system itself; labc's apply adds itself as an owner of their name label.
    assert.match(r.stdout, /created: cert-manager, flux-system, network; configured: default, kube-system/);
    for (const ns of await p.api.list("v1", "Namespace")) {
      if (!["cert-manager", "default", "flux-system", "kube-system", "network"].includes(String(ns.metadata!["name"]))) continue;
      const labc = (ns.metadata!["managedFields"] as { manager: string; operation: string; fieldsV1: unknown }[]).find((m) => m.manager === "labc");
      assert.deepEqual(labc && { operation: labc.operation, fields: labc.fieldsV1 }, { operation: "Apply", fields: { "f:metadata": { "f:labels": { "f:kubernetes.io/metadata.name": {} } } } }, String(ns.metadata!["name"]));
    }
    assert.match(r.stdout, /flux-system\/sops-age created\n.*flux-system\/cluster-secrets created/);
    assert.match(r.stdout, /created: dnsendpoints\.externaldns\.k8s\.io, servicemonitors\.monitoring\.coreos\.com, podmonitors\.monitoring\.coreos\.com/);
    assert.match(r.stdout, /1 document that is not a CRD skipped/);
    let last = -1;
    for (const release of RELEASES) {
      const at = r.stdout.indexOf(`landed: ${release} deployed (revision 1`);
      assert.ok(at > last, `${release} reported in bootstrap order`);
      last = at;
    }
    assertNoPlaintext(r.stdout + r.stderr);

    // The Secrets hold the decrypted build, as data, in flux-system, applied by labc.
    const identity = readFileSync(join(p.dir, "lab", "age.key"), "utf8").split("\n").find((l) => l.startsWith("AGE-SECRET-KEY-"))!;
    for (const name of ["sops-age", "cluster-secrets"]) {
      const file = join(p.dir, "repo", "kubernetes", "components", "common", "sops", `${name}.sops.yaml`);
      const clear = (await decryptSops(readFileSync(file, "utf8"), { format: "yaml", identities: [identity] })).tree as { stringData: Record<string, string> };
      const live = (await p.api.get("v1", "Secret", "flux-system", name))!;
      const data = Object.fromEntries(Object.entries(live["data"] as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, "base64").toString("utf8")]));
      assert.deepEqual(data, clear.stringData);
      assert.deepEqual((live.metadata!["managedFields"] as { manager: string; operation: string }[]).map((m) => `${m.manager} ${m.operation}`), ["labc Apply"]);
    }
    // Every CRD is Established, by the server's own controller, and its kinds are served.
    for (const name of ["dnsendpoints.externaldns.k8s.io", "servicemonitors.monitoring.coreos.com"]) {
      const live = (await p.api.get("apiextensions.k8s.io/v1", "CustomResourceDefinition", undefined, name))!;
      assert.ok(((live["status"] as { conditions: { type: string; status: string }[] }).conditions).some((c) => c.type === "Established" && c.status === "True"), name);
    }
    assert.ok(await p.api.serves("externaldns.k8s.io/v1alpha1", "DNSEndpoint"));
    // ... before helmfile ran: the server's last write of a CRD's status comes before Helm's first write.
    const events = p.cluster.auditEvents();
    const lastCrdStatus = events.findLastIndex((e) => e.objectRef?.resource === "customresourcedefinitions" && e.objectRef.subresource === "status" && e.verb !== "get");
    const firstHelm = events.findIndex((e) => e.requestURI.includes("fieldManager=helm"));
    assert.ok(lastCrdStatus >= 0 && firstHelm > lastCrdStatus, `CRD status written at event ${lastCrdStatus}, Helm's first write at ${firstHelm}`);

    // Every write labc sent was a server-side apply as field manager labc (the server's audit log).
    const writes = labcWrites(p);
    assert.ok(writes.length >= 10, `${writes.length} writes`);
    for (const w of writes) {
      assert.equal(w.verb, "patch", w.uri);
      assert.match(w.uri, /[?&]fieldManager=labc(&|$)/);
    }
    const calls = helmfileCalls(p);
    assert.equal(calls.length, 1);
    assert.deepEqual(calls[0]!.args, ["--file", "bootstrap/helmfile.yaml", "sync", "--hide-notes"]);
    assert.equal(calls[0]!.cwd, join(p.dir, "repo"));
    assert.equal(calls[0]!.kubeconfig, join(p.dir, "repo", "kubeconfig"));

    // A second run changes nothing: no object's resourceVersion moves, helmfile is not run again.
    const before = await versions(p);
    const again = await labc(p, BOOTSTRAP);
    assert.equal(again.code, 0, again.stdout + again.stderr);
    assert.match(again.stdout, /unchanged: cert-manager, default, flux-system, kube-system, network/);
    assert.match(again.stdout, /flux-system\/sops-age unchanged/);
    assert.match(again.stdout, /nothing to sync: every bootstrap release is deployed/);
    assert.deepEqual(await versions(p), before, "a re-run writes nothing");
    assert.equal(helmfileCalls(p).length, 1);
  } finally {
    await p.close();
  }
});

test("bootstrap apps: killed mid-helmfile, a re-run installs only the rest; the end state equals an uninterrupted run", controlPlaneOptions(), async () => {
  const clean = await project();
  const broken = await project();
  try {
    for (const p of [clean, broken]) await registerNode(p.api, "cp-01", "False");
    const whole = await labc(clean, BOOTSTRAP);
    assert.equal(whole.code, 0, whole.stdout + whole.stderr);

    const run = start(broken, BOOTSTRAP, { FAKE_HELMFILE_DELAY_MS: "600" });
    await run.waitFor(/landed: kube-system\/coredns/, 30_000);
    // Like a closed terminal: the whole process group (labc and helmfile) dies at once.
    process.kill(-run.child.pid!, "SIGKILL");
    await run.done;
    const partial = (await helmSecrets(broken)).map((s) => (s.metadata!["labels"] as Record<string, string>)["name"]);
    assert.ok(partial.includes("cilium") && partial.includes("coredns") && !partial.includes("flux-instance"), `partial install: ${partial.join(", ")}`);

    const rerun = await labc(broken, BOOTSTRAP);
    assert.equal(rerun.code, 0, rerun.stdout + rerun.stderr);
    assert.match(rerun.stdout, /kube-system\/cilium already deployed \(revision 1\)/);
    const second = helmfileCalls(broken)[1]!.args;
    assert.ok(second.includes("--skip-needs"));
    assert.ok(!second.includes("name=cilium,namespace=kube-system"), "deployed releases are not synced again");
    assert.ok(second.includes("name=flux-instance,namespace=flux-system"));

    assert.deepEqual(await endState(broken), await endState(clean));
    // One Helm revision per release: nothing was installed twice.
    assert.equal((await helmSecrets(broken)).length, RELEASES.length);
  } finally {
    for (const p of [clean, broken]) await p.close();
  }
});

test("bootstrap apps: a CRD owned by another manager with other values is a conflict; --force-conflicts takes it over", controlPlaneOptions(), async () => {
  const p = await project();
  try {
    await registerNode(p.api, "cp-01", "True");
    const theirs = crd("externaldns.k8s.io", "DNSEndpoint", "dnsendpoints", "v1alpha1");
    const spec = theirs["spec"] as { names: Record<string, unknown>; versions: { schema: { openAPIV3Schema: Record<string, unknown> } }[] };
    spec.names["shortNames"] = ["dnse"];
    spec.versions[0]!.schema.openAPIV3Schema["description"] = "installed by a chart";
    // The chart's copy carries the upstream approval annotation too (the fixture's value).
    theirs.metadata!["annotations"] = { "api-approved.kubernetes.io": "https://github.com/kubernetes-sigs/external-dns/pull/2007" };
    await installCrds(p.api, [theirs], "helm");
    const name = "dnsendpoints.externaldns.k8s.io";
    const seeded = (await p.api.get("apiextensions.k8s.io/v1", "CustomResourceDefinition", undefined, name))!;
    const r = await labc(p, BOOTSTRAP);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    // A CRD's versions are an atomic list to the server: the conflict is on the whole list.
    assert.match(r.stderr, /CustomResourceDefinition dnsendpoints\.externaldns\.k8s\.io: fields are managed by someone else with other values \(\.spec\.versions\); re-run with --force-conflicts/);
    assert.equal((await p.api.get("apiextensions.k8s.io/v1", "CustomResourceDefinition", undefined, name))!.metadata!["resourceVersion"], seeded.metadata!["resourceVersion"], "a conflict changes nothing");

    const forced = await labc(p, [...BOOTSTRAP, "--force-conflicts"]);
    assert.equal(forced.code, 0, forced.stdout + forced.stderr);
    const live = (await p.api.get("apiextensions.k8s.io/v1", "CustomResourceDefinition", undefined, name))!;
    const managers = (live.metadata!["managedFields"] as { manager: string; operation: string }[]).map((m) => `${m.manager} ${m.operation}`);
    assert.ok(managers.includes("labc Apply"), managers.join(", "));
    // The field labc does not set stays with its owner; the ones it forced are labc's now.
    assert.deepEqual((live["spec"] as { names: { shortNames?: string[] } }).names.shortNames, ["dnse"]);
    const schema = (live["spec"] as { versions: { name: string; schema: { openAPIV3Schema: Record<string, unknown> } }[] }).versions.find((v) => v.name === "v1alpha1")!.schema.openAPIV3Schema;
    assert.notEqual(schema["description"], "installed by a chart", "labc's schema replaced the chart's");
    assert.match(forced.stdout, /nodes: waiting[\s\S]*cp-01: Ready=True/);
  } finally {
    await p.close();
  }
});

test("bootstrap apps: a node that never registers ends at the deadline (exit 1); a helmfile failure shows its output (exit 1)", controlPlaneOptions(), async () => {
  const p = await project();
  try {
    const late = await labc(p, [...BOOTSTRAP, "--timeout", "1s"]);
    assert.equal(late.code, 1);
    assert.match(late.stdout, /error: not every node registered in time: cp-01 \(missing\)/);

    await registerNode(p.api, "cp-01", "False");
    const failed = await labc(p, BOOTSTRAP, { FAKE_HELMFILE_FAIL: "cert-manager" });
    assert.equal(failed.code, 1);
    assert.match(failed.stdout, /landed: kube-system\/coredns deployed/);
    assert.match(failed.stdout, /error: helmfile exited with 1; its last lines:[\s\S]*UPGRADE FAILED: release cert-manager failed/);
    const retry = await labc(p, BOOTSTRAP);
    assert.equal(retry.code, 0, retry.stdout + retry.stderr);
    assert.match(retry.stdout, /landed: cert-manager\/cert-manager deployed/);
  } finally {
    await p.close();
  }
});

test("bootstrap apps: a release left pending by an interrupted Helm is named with the command that frees it", controlPlaneOptions(), async () => {
  const p = await project();
  try {
    await registerNode(p.api, "cp-01", "False");
    // kube-system is the server's own; only the Helm record is seeded.
    await p.api.apply({ apiVersion: "v1", kind: "Secret", type: "helm.sh/release.v1", metadata: { name: "sh.helm.release.v1.cilium.v1", namespace: "kube-system", labels: { owner: "helm", name: "cilium", status: "pending-install", version: "1" } }, data: {} }, "helm");
    const r = await labc(p, BOOTSTRAP);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /kube-system\/cilium is pending-install .*helm rollback cilium -n kube-system/);
    assert.equal(helmfileCalls(p).length, 0);
  } finally {
    await p.close();
  }
});
