#!/usr/bin/env node
// A stand-in for helmfile in tests: records its arguments, then "installs" each selected release
// the way Helm 3 records one (a Secret sh.helm.release.v1.<name>.v<revision> labelled
// owner=helm, name, status, version) through the API server named by $KUBECONFIG (the tests'
// real kube-apiserver: HTTPS, trusting the kubeconfig's certificate-authority-data).
// FAKE_HELMFILE_LOG: file to append the call to (JSON per line).
// FAKE_HELMFILE_DELAY_MS: time each release takes. FAKE_HELMFILE_FAIL: release name that fails.
import { appendFileSync, readFileSync } from "node:fs";
import { request } from "node:https";
import { parse } from "yaml";

const args = process.argv.slice(2);
if (process.env.FAKE_HELMFILE_LOG) {
  appendFileSync(process.env.FAKE_HELMFILE_LOG, `${JSON.stringify({ args, cwd: process.cwd(), kubeconfig: process.env.KUBECONFIG })}\n`);
}
const file = args[args.indexOf("--file") + 1];
const selectors = args.flatMap((a, i) => (a === "--selector" ? [args[i + 1]] : []));
const releases = parse(readFileSync(file, "utf8")).releases.filter((r) => selectors.length === 0 || selectors.some((s) => s.split(",").every((kv) => {
  const [k, v] = kv.split("=");
  return r[k] === v;
})));

const kubeconfig = parse(readFileSync(process.env.KUBECONFIG.split(":")[0], "utf8"));
const cluster = kubeconfig.clusters[0].cluster;
const ca = Buffer.from(cluster["certificate-authority-data"], "base64").toString("utf8");
const token = kubeconfig.users[0].user.token;
const call = (method, path, body, contentType = "application/json") =>
  new Promise((resolve, reject) => {
    const req = request(cluster.server + path, { method, ca, headers: { authorization: `Bearer ${token}`, "content-type": contentType, "user-agent": "helm" } }, (res) => {
      let text = "";
      res.on("data", (d) => (text += d));
      res.on("end", () => (res.statusCode >= 200 && res.statusCode < 300 ? resolve(JSON.parse(text)) : reject(new Error(`${method} ${path}: ${res.statusCode} ${text}`))));
    });
    req.on("error", reject);
    req.end(body && JSON.stringify(body));
  });
const delay = Number(process.env.FAKE_HELMFILE_DELAY_MS ?? 0);

for (const r of releases) {
  console.log(`Upgrading release=${r.name}, chart=${r.chart}, namespace=${r.namespace}`);
  await new Promise((resolve) => setTimeout(resolve, delay));
  if (process.env.FAKE_HELMFILE_FAIL === r.name) {
    console.error(`Error: UPGRADE FAILED: release ${r.name} failed, and has been rolled back due to atomic being set: context deadline exceeded`);
    process.exit(1);
  }
  const existing = await call("GET", `/api/v1/namespaces/${r.namespace}/secrets?labelSelector=${encodeURIComponent(`owner=helm,name=${r.name}`)}`);
  const revisions = existing.items.map((s) => Number(s.metadata.labels.version));
  const revision = revisions.length ? Math.max(...revisions) + 1 : 1;
  for (const s of existing.items.filter((s) => s.metadata.labels.status === "deployed")) {
    await call("PATCH", `/api/v1/namespaces/${r.namespace}/secrets/${s.metadata.name}?fieldManager=helm`, { metadata: { labels: { status: "superseded" } } }, "application/merge-patch+json");
  }
  await call("POST", `/api/v1/namespaces/${r.namespace}/secrets?fieldManager=helm`, {
    apiVersion: "v1",
    kind: "Secret",
    type: "helm.sh/release.v1",
    metadata: { name: `sh.helm.release.v1.${r.name}.v${revision}`, namespace: r.namespace, labels: { owner: "helm", name: r.name, status: "deployed", version: String(revision) } },
    data: { release: Buffer.from(`${r.chart}@${r.version}`).toString("base64") },
  });
  console.log(`Release "${r.name}" has been upgraded. Happy Helming!`);
}
console.log("\nUPDATED RELEASES:\nNAME  NAMESPACE  CHART  VERSION");
for (const r of releases) console.log(`${r.name}  ${r.namespace}  ${r.chart}  ${r.version}`);
