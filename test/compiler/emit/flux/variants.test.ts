import { test } from "node:test";
import assert from "node:assert/strict";
import { parseAllDocuments } from "yaml";
import { emitFlux } from "../../../../compiler/emit/flux/emit-flux.js";
import { emitBootstrap } from "../../../../compiler/emit/bootstrap/emit-bootstrap.js";
import type { ClusterModel } from "../../../../compiler/model/model.js";
import { loadBalancerAddressesOf } from "../../../../compiler/model/load-balancers.js";
import { buildApps, fakeSecretValues, homelabAppSpecs, homelabWithApps, withWorker } from "../../../support/homelab-apps.js";
import { homelabCluster } from "../../../support/homelab-model.js";
import { kubectlAvailable, kustomizationDirs, kustomizeBuild } from "./support/kustomize.js";
import { writeTree } from "./support/tree.js";
import { validateTree } from "../../../support/validate-tree.js";
import { rmSync } from "node:fs";
import { join } from "node:path";

/** Two nodes, BGP on, SNAT: every optional branch of the cilium definition at once. */
function variantCluster(): ClusterModel {
  const base = homelabCluster({ nodes: withWorker() });
  const specs = homelabAppSpecs(base).map((s) =>
    s.name === "cilium"
      ? { ...s, params: { ...s.params, "lb-mode": "snat", "bgp-router": "192.168.31.1", "bgp-router-asn": 64513, "bgp-node-asn": 64514 } }
      : s,
  );
  const apps = buildApps(base, specs);
  return { ...base, apps, loadBalancerAddresses: loadBalancerAddressesOf(apps) };
}

test("BGP + two nodes: BGP resources and spegel validate and build", (t) => {
  const cluster = variantCluster();
  const outputs = [...emitFlux(cluster, fakeSecretValues), ...emitBootstrap(cluster)];
  const networks = outputs.find((o) => o.path === "kubernetes/apps/kube-system/cilium/app/networks.yaml");
  assert.ok(networks && networks.kind === "text");
  const kinds = parseAllDocuments(networks.content).map((d) => (d.toJS() as { kind: string }).kind);
  assert.deepEqual(kinds, ["CiliumLoadBalancerIPPool", "CiliumL2AnnouncementPolicy", "CiliumBGPAdvertisement", "CiliumBGPPeerConfig", "CiliumBGPClusterConfig"]);
  const dir = writeTree(outputs, "labc-variant-");
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const result = validateTree(dir);
  assert.equal(result.status, 0, result.output);
  if (!kubectlAvailable()) return t.skip("kubectl not installed");
  for (const d of kustomizationDirs(join(dir, "kubernetes"), dir)) {
    const built = kustomizeBuild(join(dir, d));
    assert.ok(built.ok, `kubectl kustomize ${d}:\n${built.output}`);
  }
});

test("apps are registered in their namespace and ordered by name", () => {
  const outputs = emitFlux(variantCluster(), fakeSecretValues);
  const ks = outputs.find((o) => o.path === "kubernetes/apps/kube-system/kustomization.yaml");
  assert.ok(ks && ks.kind === "text");
  assert.match(ks.content, /resources:\n {2}- \.\/cilium\/ks\.yaml\n {2}- \.\/coredns\/ks\.yaml\n {2}- \.\/metrics-server\/ks\.yaml\n {2}- \.\/reloader\/ks\.yaml\n {2}- \.\/spegel\/ks\.yaml\n/);
});

test("differing app-template versions are refused (the shared OCIRepository has one tag)", () => {
  const cluster = homelabWithApps();
  const apps = cluster.apps.map((a) => (a.name === "echo" ? { ...a, chart: { kind: "app-template" as const, version: "4.3.0" } } : a));
  assert.throws(() => emitFlux({ ...cluster, apps }, fakeSecretValues), /app-template versions differ \(4\.2\.0, 4\.3\.0\)/);
});

test("a missing secret surfaces the SecretValues error", () => {
  const cluster = homelabWithApps();
  assert.throws(() => emitFlux(cluster, { get: (n) => { throw new Error(`no secret ${n}`); } }), /no secret/);
});
