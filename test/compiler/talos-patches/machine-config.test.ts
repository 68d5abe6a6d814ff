import { test } from "node:test";
import assert from "node:assert/strict";
import { parseAllDocuments } from "yaml";
import { renderNodeConfigs } from "../../../compiler/emit/talos/index.js";
import { homelabCluster } from "../../support/homelab-model.js";
import { vectorSecrets } from "../talos-cli/support/examples.js";
import { patch, patchedCluster } from "./support.js";

type Doc = Record<string, unknown>;

function root(text: string): Doc {
  return parseAllDocuments(text)[0]!.toJS() as Doc;
}

function labels(doc: Doc): Record<string, string> {
  return ((doc["machine"] as Doc)["nodeLabels"] ?? {}) as Record<string, string>;
}

test("user patches apply in talhelper's order: role group, then the node's own, then the cluster-wide ones last", () => {
  const cluster = patchedCluster("v1.13.9");
  const byNode = new Map(renderNodeConfigs(cluster, vectorSecrets()).map((f) => [f.node.name, root(f.content)]));
  // The global patch comes last, so it wins everywhere; the role and node patches show in what only they set.
  for (const [name, doc] of byNode) assert.equal(labels(doc)["zone"], "global", name);
  assert.equal(labels(byNode.get("w-01")!)["gpu"], "true");
  assert.equal(labels(byNode.get("cp-01")!)["gpu"], undefined, "worker-patches reach workers only");
  const w2 = byNode.get("w-02")!;
  assert.equal(((w2["machine"] as Doc)["features"] as Doc)["hostDNS"], undefined, "the node patch's $patch: delete applied");
  assert.ok(((byNode.get("w-01")!["machine"] as Doc)["features"] as Doc)["hostDNS"], "other nodes keep hostDNS");
});

test("without a cluster-wide patch the node's own patch wins over its role's", () => {
  const base = patchedCluster("v1.13.9");
  const cluster = { ...base, talosPatches: { ...base.talosPatches!, all: [] } };
  const byNode = new Map(renderNodeConfigs(cluster, vectorSecrets()).map((f) => [f.node.name, root(f.content)]));
  assert.equal(labels(byNode.get("w-02")!)["zone"], "w-02");
  assert.equal(labels(byNode.get("w-01")!)["zone"], "worker");
  assert.equal(labels(byNode.get("cp-01")!)["zone"], "controlplane");
});

test("an RFC 6902 patch applies on the single-document layout (1.10, 1.11)", () => {
  const cluster = homelabCluster({
    talosVersion: "v1.11.5",
    talosPatches: { all: [], controlplane: [patch("patches/cp.json", '[{"op": "add", "path": "/machine/nodeLabels/zone", "value": "a"}]')], worker: [] },
  });
  assert.equal(labels(root(renderNodeConfigs(cluster, vectorSecrets())[0]!.content))["zone"], "a");
});

test("Talos 1.14: a user patch can add and change typed documents", () => {
  const base = homelabCluster({ talosVersion: "v1.14.0" });
  const cluster = {
    ...base,
    talosPatches: { all: [patch("patches/isolation.yaml", "apiVersion: v1alpha1\nkind: SecurityProfileConfig\nworkloadIsolation: true\n---\napiVersion: v1alpha1\nkind: KubeNodeConfig\nlabels:\n  zone: a\n")], controlplane: [], worker: [] },
  };
  const docs = parseAllDocuments(renderNodeConfigs(cluster, vectorSecrets())[0]!.content).map((d) => d.toJS() as Doc);
  assert.equal(docs.find((d) => d["kind"] === "SecurityProfileConfig")?.["workloadIsolation"], true, "the user's patch comes after labc's machine-security.yaml");
  assert.equal((docs.find((d) => d["kind"] === "KubeNodeConfig")?.["labels"] as Doc)["zone"], "a");
});
