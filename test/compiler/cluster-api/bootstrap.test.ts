import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { decryptSops } from "../../../compiler/secrets/index.js";
import { crd, node } from "../../support/fake-kube-api/fixtures.js";
import type { KubeObject } from "../../support/fake-kube-api/resources.js";
import { removeDir } from "../../support/tree.js";
import { BOOTSTRAP, helmfileCalls, labc, project, SECRET_PLAINTEXTS, start, type Project } from "./support/harness.js";

const RELEASES = ["kube-system/cilium", "kube-system/coredns", "cert-manager/cert-manager", "flux-system/flux-operator", "flux-system/flux-instance"];

/** The cluster's objects without what differs between two equal histories (ids, times, versions). */
function endState(p: Project): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const o of p.api.store.all()) {
    const meta = { ...(o.metadata as Record<string, unknown>) };
    for (const k of ["uid", "creationTimestamp", "resourceVersion"]) delete meta[k];
    meta["managedFields"] = ((meta["managedFields"] as { time?: string }[] | undefined) ?? []).map(({ time: _t, ...rest }) => rest);
    // Condition times say when, not what.
    const status = JSON.parse(JSON.stringify(o["status"] ?? null, (k, v: unknown) => (k === "lastTransitionTime" ? undefined : v)));
    out.set(`${String(o["kind"])} ${String(meta["namespace"] ?? "")}/${String(meta["name"])}`, { ...o, metadata: meta, status });
  }
  return out;
}

function helmSecrets(p: Project): KubeObject[] {
  return p.api.store.all().filter((o) => o["kind"] === "Secret" && (o.metadata?.["labels"] as Record<string, string> | undefined)?.["owner"] === "helm");
}

function assertNoPlaintext(text: string): void {
  for (const secret of SECRET_PLAINTEXTS) assert.ok(!text.includes(secret), `output must not contain ${secret.slice(0, 12)}…`);
}

test("bootstrap apps: waits for the node, then namespaces, secrets, CRDs and helmfile; each release reported as it lands", async () => {
  const p = await project();
  try {
    const run = start(p, BOOTSTRAP);
    await run.waitFor(/waiting for 1 node/);
    p.api.put(node("cp-01", "Unknown"), "kubelet");
    await run.waitFor(/cp-01: registering/);
    p.api.put(node("cp-01", "False"), "kubelet");
    const r = await run.done;
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /cp-01: Ready=False .* 1\/1 registered/);
    assert.match(r.stdout, /created: cert-manager, default, flux-system, kube-system, network/);
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

    // The Secrets hold the decrypted build, as data, in flux-system.
    const identity = readFileSync(join(p.dir, "lab", "age.key"), "utf8").split("\n").find((l) => l.startsWith("AGE-SECRET-KEY-"))!;
    for (const name of ["sops-age", "cluster-secrets"]) {
      const file = join(p.dir, "repo", "kubernetes", "components", "common", "sops", `${name}.sops.yaml`);
      const clear = (await decryptSops(readFileSync(file, "utf8"), { format: "yaml", identities: [identity] })).tree as { stringData: Record<string, string> };
      const live = p.api.get("v1", "Secret", "flux-system", name)!;
      const data = Object.fromEntries(Object.entries(live["data"] as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, "base64").toString("utf8")]));
      assert.deepEqual(data, clear.stringData);
      assert.equal((live.metadata!["managedFields"] as { manager: string; operation: string }[])[0]!.manager, "labc");
    }

    // Every write was a server-side apply by labc; helmfile got the generated file and our kubeconfig.
    const writes = p.api.requests.filter((q) => q.method !== "GET" && !q.path.includes("sh.helm.release") && q.query["fieldManager"] !== "helm" && !(q.method === "PATCH" && q.contentType === "application/merge-patch+json"));
    assert.ok(writes.length >= 10);
    for (const w of writes) {
      assert.equal(w.method, "PATCH", `${w.method} ${w.path}`);
      assert.equal(w.contentType, "application/apply-patch+yaml");
      assert.equal(w.query["fieldManager"], "labc");
    }
    const calls = helmfileCalls(p);
    assert.equal(calls.length, 1);
    assert.deepEqual(calls[0]!.args, ["--file", "bootstrap/helmfile.yaml", "sync", "--hide-notes"]);
    assert.equal(calls[0]!.cwd, join(p.dir, "repo"));
    assert.equal(calls[0]!.kubeconfig, join(p.dir, "repo", "kubeconfig"));

    // A second run changes nothing: no write reaches the store, helmfile is not run again.
    const rv = p.api.store.resourceVersion;
    const again = await labc(p, BOOTSTRAP);
    assert.equal(again.code, 0, again.stdout + again.stderr);
    assert.match(again.stdout, /unchanged: cert-manager, default, flux-system, kube-system, network/);
    assert.match(again.stdout, /flux-system\/sops-age unchanged/);
    assert.match(again.stdout, /nothing to sync: every bootstrap release is deployed/);
    assert.equal(p.api.store.resourceVersion, rv, "a re-run writes nothing");
    assert.equal(helmfileCalls(p).length, 1);
  } finally {
    await p.api.stop();
    removeDir(p.dir);
  }
});

test("bootstrap apps: killed mid-helmfile, a re-run installs only the rest; the end state equals an uninterrupted run", async () => {
  const clean = await project();
  const broken = await project();
  try {
    for (const p of [clean, broken]) p.api.put(node("cp-01", "False"), "kubelet");
    const whole = await labc(clean, BOOTSTRAP);
    assert.equal(whole.code, 0, whole.stdout + whole.stderr);

    const run = start(broken, BOOTSTRAP, { FAKE_HELMFILE_DELAY_MS: "600" });
    await run.waitFor(/landed: kube-system\/coredns/, 20_000);
    // Like a closed terminal: the whole process group (labc and helmfile) dies at once.
    process.kill(-run.child.pid!, "SIGKILL");
    await run.done;
    const partial = helmSecrets(broken).map((s) => (s.metadata!["labels"] as Record<string, string>)["name"]);
    assert.ok(partial.includes("cilium") && partial.includes("coredns") && !partial.includes("flux-instance"), `partial install: ${partial.join(", ")}`);

    const rerun = await labc(broken, BOOTSTRAP);
    assert.equal(rerun.code, 0, rerun.stdout + rerun.stderr);
    assert.match(rerun.stdout, /kube-system\/cilium already deployed \(revision 1\)/);
    const second = helmfileCalls(broken)[1]!.args;
    assert.ok(second.includes("--skip-needs"));
    assert.ok(!second.includes("name=cilium,namespace=kube-system"), "deployed releases are not synced again");
    assert.ok(second.includes("name=flux-instance,namespace=flux-system"));

    assert.deepEqual(endState(broken), endState(clean));
    // One Helm revision per release: nothing was installed twice.
    assert.equal(helmSecrets(broken).length, RELEASES.length);
  } finally {
    for (const p of [clean, broken]) {
      await p.api.stop();
      removeDir(p.dir);
    }
  }
});

test("bootstrap apps: a CRD owned by another manager with other values is a conflict; --force-conflicts takes it over", async () => {
  const p = await project();
  try {
    p.api.put(node("cp-01", "True"), "kubelet");
    const theirs = crd("externaldns.k8s.io", "DNSEndpoint", "dnsendpoints", "v1alpha1");
    const spec = theirs["spec"] as { names: Record<string, unknown>; versions: { schema: { openAPIV3Schema: Record<string, unknown> } }[] };
    spec.names["shortNames"] = ["dnse"];
    spec.versions[0]!.schema.openAPIV3Schema["description"] = "installed by a chart";
    p.api.put(theirs, "helm");
    // Let the fake's controller mark it Established first, so only labc could write after this.
    await new Promise((r) => setTimeout(r, 200));
    const seeded = p.api.get("apiextensions.k8s.io/v1", "CustomResourceDefinition", undefined, "dnsendpoints.externaldns.k8s.io")!;
    const r = await labc(p, BOOTSTRAP);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /CustomResourceDefinition dnsendpoints\.externaldns\.k8s\.io: fields are managed by someone else with other values \(.*\.spec\.versions.*\); re-run with --force-conflicts/);
    assert.equal(p.api.get("apiextensions.k8s.io/v1", "CustomResourceDefinition", undefined, "dnsendpoints.externaldns.k8s.io")!.metadata!["resourceVersion"], seeded.metadata!["resourceVersion"], "a conflict changes nothing");

    const forced = await labc(p, [...BOOTSTRAP, "--force-conflicts"]);
    assert.equal(forced.code, 0, forced.stdout + forced.stderr);
    const live = p.api.get("apiextensions.k8s.io/v1", "CustomResourceDefinition", undefined, "dnsendpoints.externaldns.k8s.io")!;
    const managers = (live.metadata!["managedFields"] as { manager: string; fieldsV1: Record<string, unknown> }[]).map((m) => m.manager);
    assert.ok(managers.includes("labc"));
    // The field labc does not set stays with its owner; the ones it forced are labc's now.
    assert.deepEqual((live["spec"] as { names: { shortNames?: string[] } }).names.shortNames, ["dnse"]);
    assert.match(forced.stdout, /nodes: waiting[\s\S]*cp-01: Ready=True/);
  } finally {
    await p.api.stop();
    removeDir(p.dir);
  }
});

test("bootstrap apps: a node that never registers ends at the deadline (exit 1); a helmfile failure shows its output (exit 1)", async () => {
  const p = await project();
  try {
    const late = await labc(p, [...BOOTSTRAP, "--timeout", "1s"]);
    assert.equal(late.code, 1);
    assert.match(late.stdout, /error: not every node registered in time: cp-01 \(missing\)/);

    p.api.put(node("cp-01", "False"), "kubelet");
    const failed = await labc(p, BOOTSTRAP, { FAKE_HELMFILE_FAIL: "cert-manager" });
    assert.equal(failed.code, 1);
    assert.match(failed.stdout, /landed: kube-system\/coredns deployed/);
    assert.match(failed.stdout, /error: helmfile exited with 1; its last lines:[\s\S]*UPGRADE FAILED: release cert-manager failed/);
    const retry = await labc(p, BOOTSTRAP);
    assert.equal(retry.code, 0, retry.stdout + retry.stderr);
    assert.match(retry.stdout, /landed: cert-manager\/cert-manager deployed/);
  } finally {
    await p.api.stop();
    removeDir(p.dir);
  }
});

test("bootstrap apps: a release left pending by an interrupted Helm is named with the command that frees it", async () => {
  const p = await project();
  try {
    p.api.put(node("cp-01", "False"), "kubelet");
    p.api.put({ apiVersion: "v1", kind: "Namespace", metadata: { name: "kube-system" } });
    p.api.put({ apiVersion: "v1", kind: "Secret", type: "helm.sh/release.v1", metadata: { name: "sh.helm.release.v1.cilium.v1", namespace: "kube-system", labels: { owner: "helm", name: "cilium", status: "pending-install", version: "1" } }, data: {} }, "helm");
    const r = await labc(p, BOOTSTRAP);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /kube-system\/cilium is pending-install .*helm rollback cilium -n kube-system/);
    assert.equal(helmfileCalls(p).length, 0);
  } finally {
    await p.api.stop();
    removeDir(p.dir);
  }
});
