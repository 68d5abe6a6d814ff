import { test } from "node:test";
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { emitFlux } from "../../../../compiler/emit/flux/emit-flux.js";
import { emitBootstrap } from "../../../../compiler/emit/bootstrap/emit-bootstrap.js";
import type { OutputFile } from "../../../../compiler/model/output.js";
import { FAKE_SECRETS, FAKE_TUNNEL, fakeSecretValues, homelabWithApps } from "../../../support/homelab-apps.js";
import { kubectlAvailable, kustomizationDirs, kustomizeBuild } from "./support/kustomize.js";
import { writeTree } from "./support/tree.js";
import { validateTree } from "../../../support/validate-tree.js";

function emitHomelab(): OutputFile[] {
  const cluster = homelabWithApps();
  return [...emitFlux(cluster, fakeSecretValues), ...emitBootstrap(cluster)];
}

function text(outputs: readonly OutputFile[], path: string): string {
  const out = outputs.find((o) => o.path === path);
  assert.ok(out, `missing ${path}`);
  assert.equal(out.kind, "text", `${path} should be a text output`);
  return out.content;
}

/** All documents of a text output as JS objects. */
function docs(outputs: readonly OutputFile[], path: string): Record<string, any>[] {
  return parseAllDocuments(text(outputs, path)).map((d) => d.toJS() as Record<string, any>);
}

/** Section 2 of the research doc for a one-node cluster (no spegel), labc's files only. */
const EXPECTED = [
  "bootstrap/helmfile.yaml",
  "kubernetes/apps/cert-manager/cert-manager/app/clusterissuer.yaml",
  "kubernetes/apps/cert-manager/cert-manager/app/helmrelease.yaml",
  "kubernetes/apps/cert-manager/cert-manager/app/kustomization.yaml",
  "kubernetes/apps/cert-manager/cert-manager/app/secret.sops.yaml",
  "kubernetes/apps/cert-manager/cert-manager/ks.yaml",
  "kubernetes/apps/cert-manager/kustomization.yaml",
  "kubernetes/apps/default/echo/app/helmrelease.yaml",
  "kubernetes/apps/default/echo/app/kustomization.yaml",
  "kubernetes/apps/default/echo/ks.yaml",
  "kubernetes/apps/default/kustomization.yaml",
  "kubernetes/apps/flux-system/flux-instance/app/helmrelease.yaml",
  "kubernetes/apps/flux-system/flux-instance/app/httproute.yaml",
  "kubernetes/apps/flux-system/flux-instance/app/kustomization.yaml",
  "kubernetes/apps/flux-system/flux-instance/app/receiver.yaml",
  "kubernetes/apps/flux-system/flux-instance/app/secret.sops.yaml",
  "kubernetes/apps/flux-system/flux-instance/ks.yaml",
  "kubernetes/apps/flux-system/flux-operator/app/helmrelease.yaml",
  "kubernetes/apps/flux-system/flux-operator/app/kustomization.yaml",
  "kubernetes/apps/flux-system/flux-operator/ks.yaml",
  "kubernetes/apps/flux-system/kustomization.yaml",
  "kubernetes/apps/kube-system/cilium/app/helmrelease.yaml",
  "kubernetes/apps/kube-system/cilium/app/kustomization.yaml",
  "kubernetes/apps/kube-system/cilium/app/networks.yaml",
  "kubernetes/apps/kube-system/cilium/gateway/certificate.yaml",
  "kubernetes/apps/kube-system/cilium/gateway/external.yaml",
  "kubernetes/apps/kube-system/cilium/gateway/internal.yaml",
  "kubernetes/apps/kube-system/cilium/gateway/kustomization.yaml",
  "kubernetes/apps/kube-system/cilium/ks.yaml",
  "kubernetes/apps/kube-system/coredns/app/helmrelease.yaml",
  "kubernetes/apps/kube-system/coredns/app/kustomization.yaml",
  "kubernetes/apps/kube-system/coredns/ks.yaml",
  "kubernetes/apps/kube-system/kustomization.yaml",
  "kubernetes/apps/kube-system/metrics-server/app/helmrelease.yaml",
  "kubernetes/apps/kube-system/metrics-server/app/kustomization.yaml",
  "kubernetes/apps/kube-system/metrics-server/ks.yaml",
  "kubernetes/apps/kube-system/reloader/app/helmrelease.yaml",
  "kubernetes/apps/kube-system/reloader/app/kustomization.yaml",
  "kubernetes/apps/kube-system/reloader/ks.yaml",
  "kubernetes/apps/network/cloudflare-dns/app/helmrelease.yaml",
  "kubernetes/apps/network/cloudflare-dns/app/kustomization.yaml",
  "kubernetes/apps/network/cloudflare-dns/app/secret.sops.yaml",
  "kubernetes/apps/network/cloudflare-dns/ks.yaml",
  "kubernetes/apps/network/cloudflare-tunnel/app/dnsendpoint.yaml",
  "kubernetes/apps/network/cloudflare-tunnel/app/helmrelease.yaml",
  "kubernetes/apps/network/cloudflare-tunnel/app/kustomization.yaml",
  "kubernetes/apps/network/cloudflare-tunnel/app/resources/config.yaml",
  "kubernetes/apps/network/cloudflare-tunnel/app/secret.sops.yaml",
  "kubernetes/apps/network/cloudflare-tunnel/ks.yaml",
  "kubernetes/apps/network/k8s-gateway/app/helmrelease.yaml",
  "kubernetes/apps/network/k8s-gateway/app/kustomization.yaml",
  "kubernetes/apps/network/k8s-gateway/ks.yaml",
  "kubernetes/apps/network/kustomization.yaml",
  "kubernetes/components/common/kustomization.yaml",
  "kubernetes/components/common/namespace.yaml",
  "kubernetes/components/common/repos/app-template/kustomization.yaml",
  "kubernetes/components/common/repos/app-template/ocirepository.yaml",
  "kubernetes/components/common/repos/kustomization.yaml",
  "kubernetes/components/common/sops/cluster-secrets.sops.yaml",
  "kubernetes/components/common/sops/kustomization.yaml",
  "kubernetes/components/common/sops/sops-age.sops.yaml",
  "kubernetes/flux/cluster/ks.yaml",
  "kubernetes/flux/meta/kustomization.yaml",
];

test("the homelab tree has exactly cluster-template's era-A file list (one node: no spegel)", () => {
  const paths = emitHomelab().map((o) => o.path).sort();
  assert.deepEqual(paths, [...EXPECTED].sort());
});

test("every *.sops.yaml is a SecretOutput and nothing else is", () => {
  for (const out of emitHomelab()) {
    assert.equal(out.kind === "secret", out.path.endsWith(".sops.yaml"), out.path);
    if (out.kind === "secret") assert.equal(out.encryption, "kubernetes");
  }
});

test("output is byte-identical across two runs", () => {
  const a = emitHomelab();
  const b = emitHomelab();
  assert.equal(JSON.stringify(a), JSON.stringify(b));
});

test("no secret plaintext (nor the domain) appears in any TextOutput", () => {
  const outputs = emitHomelab();
  const forbidden = [
    ...Object.values(FAKE_SECRETS),
    FAKE_TUNNEL.TunnelSecret,
    FAKE_TUNNEL.AccountTag,
    // The domain is only ever ${SECRET_DOMAIN} outside cluster-secrets.
    "example.com",
  ];
  for (const out of outputs) {
    if (out.kind !== "text") continue;
    for (const value of forbidden) assert.ok(!out.content.includes(value), `${out.path} contains "${value}"`);
  }
  // The tunnel ID is public (it is the CNAME target), and the token reaches only the Secret.
  const tunnelSecret = outputs.find((o) => o.path.endsWith("cloudflare-tunnel/app/secret.sops.yaml"));
  assert.equal(tunnelSecret?.kind, "secret");
});

test("validate-tree passes on the emitted tree", (t) => {
  const dir = writeTree(emitHomelab());
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const result = validateTree(dir);
  assert.equal(result.status, 0, result.output);
  assert.match(result.output, / 0 failed/);
});

test("kubectl kustomize builds every folder with a kustomization.yaml", (t) => {
  if (!kubectlAvailable()) return t.skip("kubectl not installed");
  const dir = writeTree(emitHomelab());
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const dirs = kustomizationDirs(join(dir, "kubernetes"), dir);
  assert.ok(dirs.length >= 20, `found only ${dirs.length} kustomization folders`);
  for (const d of dirs) {
    const result = kustomizeBuild(join(dir, d));
    assert.ok(result.ok, `kubectl kustomize ${d} failed:\n${result.output}`);
  }
  // The namespace layer yields the namespace, the shared sources and secrets, and every app.
  const network = kustomizeBuild(join(dir, "kubernetes/apps/network")).output;
  for (const name of ["name: network", "name: cluster-secrets", "name: sops-age", "name: app-template", "name: cloudflare-dns", "name: cloudflare-tunnel", "name: k8s-gateway"]) {
    assert.ok(network.includes(name), `network build lacks ${name}`);
  }
});

test("key values match cluster-template for the homelab", () => {
  const outputs = emitHomelab();
  const cilium = docs(outputs, "kubernetes/apps/kube-system/cilium/app/helmrelease.yaml");
  assert.equal(cilium[0]!["kind"], "OCIRepository");
  assert.equal(cilium[0]!["spec"].ref.tag, "1.18.1");
  assert.equal(cilium[1]!["spec"].values.ipv4NativeRoutingCIDR, "10.42.0.0/16");
  assert.equal(cilium[1]!["spec"].values.loadBalancer.mode, "dsr");
  assert.equal(cilium[1]!["spec"].values.bgpControlPlane, undefined);

  const coredns = docs(outputs, "kubernetes/apps/kube-system/coredns/app/helmrelease.yaml")[1]!;
  assert.equal(coredns["spec"].values.service.clusterIP, "10.43.0.10");
  assert.equal(coredns["spec"].upgrade.remediation.strategy, "rollback");

  const [pool, l2] = docs(outputs, "kubernetes/apps/kube-system/cilium/app/networks.yaml");
  assert.deepEqual(pool!["spec"].blocks, [{ cidr: "192.168.31.0/24" }]);
  assert.equal(pool!["spec"].allowFirstLastIPs, "No");
  assert.match(text(outputs, "kubernetes/apps/kube-system/cilium/app/networks.yaml"), /allowFirstLastIPs: "No"/);
  assert.equal(l2!["kind"], "CiliumL2AnnouncementPolicy");

  const external = docs(outputs, "kubernetes/apps/kube-system/cilium/gateway/external.yaml")[0]!;
  const internal = docs(outputs, "kubernetes/apps/kube-system/cilium/gateway/internal.yaml")[0]!;
  assert.deepEqual(external["spec"].addresses, [{ type: "IPAddress", value: "192.168.31.243" }]);
  assert.deepEqual(internal["spec"].addresses, [{ type: "IPAddress", value: "192.168.31.242" }]);
  assert.equal(external["spec"].listeners[1].tls.certificateRefs[0].name, "${SECRET_DOMAIN/./-}-production-tls");

  const k8sGateway = docs(outputs, "kubernetes/apps/network/k8s-gateway/app/helmrelease.yaml");
  assert.equal(k8sGateway[0]!["spec"].interval, "1h");
  assert.equal(k8sGateway[1]!["spec"].values.service.annotations["lbipam.cilium.io/ips"], "192.168.31.241");

  const instance = docs(outputs, "kubernetes/apps/flux-system/flux-instance/app/helmrelease.yaml")[1]!;
  assert.deepEqual(instance["spec"].values.instance.sync, {
    kind: "GitRepository",
    url: "https://github.com/owner/home-ops.git",
    ref: "refs/heads/main",
    path: "kubernetes/flux/cluster",
  });
  assert.deepEqual(instance["spec"].dependsOn, [{ name: "flux-operator", namespace: "flux-system" }]);
  // Install order is helmfile's business: a Flux dependsOn on it would stall Flux's own upgrades
  // whenever cert-manager is unhealthy (say, Let's Encrypt registration fails).
  for (const [ns, app] of [["kube-system", "coredns"], ["cert-manager", "cert-manager"], ["flux-system", "flux-operator"], ["network", "cloudflare-dns"], ["network", "k8s-gateway"], ["network", "cloudflare-tunnel"]]) {
    assert.equal(docs(outputs, `kubernetes/apps/${ns}/${app}/ks.yaml`)[0]!["spec"].dependsOn, undefined, `${app} Kustomization`);
    assert.equal(docs(outputs, `kubernetes/apps/${ns}/${app}/app/helmrelease.yaml`).at(-1)!["spec"].dependsOn, undefined, `${app} HelmRelease`);
  }
  assert.deepEqual(docs(outputs, "kubernetes/apps/flux-system/flux-instance/ks.yaml")[0]!["spec"].dependsOn, [{ name: "flux-operator", namespace: "flux-system" }]);
  assert.match(
    text(outputs, "kubernetes/apps/flux-system/flux-instance/app/helmrelease.yaml"),
    /# renovate: datasource=github-releases depName=controlplaneio-fluxcd\/distribution\n\s+version: 2\.6\.4/,
  );

  // Helm and Flux templating pass through untouched.
  const reloader = docs(outputs, "kubernetes/apps/kube-system/reloader/app/helmrelease.yaml")[1]!;
  assert.equal(reloader["spec"].values.reloader.podMonitor.namespace, "{{ .Release.Namespace }}");
  const echo = docs(outputs, "kubernetes/apps/default/echo/app/helmrelease.yaml");
  assert.equal(echo.length, 1, "app-template apps use the shared OCIRepository");
  assert.deepEqual(echo[0]!["spec"].chartRef, { kind: "OCIRepository", name: "app-template" });
  assert.deepEqual(echo[0]!["spec"].values.route.app.hostnames, ["echo.${SECRET_DOMAIN}"]);
  assert.deepEqual(echo[0]!["spec"].values.route.app.parentRefs, [{ name: "external", namespace: "kube-system", sectionName: "https" }]);
  assert.deepEqual(echo[0]!["spec"].dependsOn, [{ name: "cloudflare-tunnel", namespace: "network" }]);

  const shared = docs(outputs, "kubernetes/components/common/repos/app-template/ocirepository.yaml")[0]!;
  assert.equal(shared["spec"].url, "oci://ghcr.io/bjw-s-labs/helm/app-template");
  assert.equal(shared["spec"].ref.tag, "4.2.0");
});

test("Flux Kustomizations carry era-A defaults, the app graph and the per-app exceptions", () => {
  const outputs = emitHomelab();
  const echo = docs(outputs, "kubernetes/apps/default/echo/ks.yaml")[0]!;
  assert.deepEqual(echo["spec"], {
    commonMetadata: { labels: { "app.kubernetes.io/name": "echo" } },
    decryption: { provider: "sops", secretRef: { name: "sops-age" } },
    dependsOn: [{ name: "cloudflare-tunnel", namespace: "network" }],
    interval: "1h",
    path: "./kubernetes/apps/default/echo/app",
    postBuild: { substituteFrom: [{ name: "cluster-secrets", kind: "Secret" }] },
    prune: true,
    retryInterval: "2m",
    sourceRef: { kind: "GitRepository", name: "flux-system", namespace: "flux-system" },
    targetNamespace: "default",
    timeout: "5m",
    wait: false,
  });
  const [cilium, gateway] = docs(outputs, "kubernetes/apps/kube-system/cilium/ks.yaml");
  assert.equal(cilium!["metadata"].name, "cilium");
  assert.equal(gateway!["metadata"].name, "cilium-gateway");
  assert.equal(gateway!["spec"].path, "./kubernetes/apps/kube-system/cilium/gateway");
  assert.deepEqual(gateway!["spec"].dependsOn, [{ name: "cert-manager", namespace: "cert-manager" }]);
  assert.equal(gateway!["spec"].timeout, "15m");
  assert.equal(gateway!["spec"].wait, true);

  const certManager = docs(outputs, "kubernetes/apps/cert-manager/cert-manager/ks.yaml")[0]!;
  assert.equal("wait" in certManager["spec"], false);
  assert.equal(certManager["spec"].healthChecks[1].name, "letsencrypt-production");
  assert.equal(docs(outputs, "kubernetes/apps/network/cloudflare-dns/ks.yaml")[0]!["spec"].wait, true);
  // era A pointed network/* at the app root; labc reconciles app/.
  assert.equal(docs(outputs, "kubernetes/apps/network/cloudflare-dns/ks.yaml")[0]!["spec"].path, "./kubernetes/apps/network/cloudflare-dns/app");

  const entry = docs(outputs, "kubernetes/flux/cluster/ks.yaml");
  assert.deepEqual(entry.map((d) => d["metadata"].name), ["cluster-meta", "cluster-apps"]);
  assert.equal(entry[1]!["spec"].path, "./kubernetes/apps");
  assert.deepEqual(entry[1]!["spec"].dependsOn, [{ name: "cluster-meta", namespace: "flux-system" }]);

  const ns = docs(outputs, "kubernetes/apps/kube-system/kustomization.yaml")[0]!;
  assert.deepEqual(ns, {
    apiVersion: "kustomize.config.k8s.io/v1beta1",
    kind: "Kustomization",
    namespace: "kube-system",
    components: ["../../components/common"],
    resources: ["./cilium/ks.yaml", "./coredns/ks.yaml", "./metrics-server/ks.yaml", "./reloader/ks.yaml"],
  });
});

test("secret outputs hold the Secrets cluster-template renders", () => {
  const outputs = emitHomelab();
  const secret = (path: string) => {
    const out = outputs.find((o) => o.path === path);
    assert.ok(out && out.kind === "secret", path);
    return out.tree as Record<string, any>;
  };
  assert.deepEqual(secret("kubernetes/components/common/sops/sops-age.sops.yaml")["stringData"], { "age.agekey": FAKE_SECRETS["sops-age"] });
  assert.deepEqual(secret("kubernetes/components/common/sops/cluster-secrets.sops.yaml")["stringData"], { SECRET_DOMAIN: "example.com" });
  assert.deepEqual(secret("kubernetes/apps/cert-manager/cert-manager/app/secret.sops.yaml")["stringData"], {
    "api-token": FAKE_SECRETS["cloudflare-token"],
  });
  assert.equal(secret("kubernetes/apps/flux-system/flux-instance/app/secret.sops.yaml")["metadata"].name, "github-webhook-token-secret");
  const token = secret("kubernetes/apps/network/cloudflare-tunnel/app/secret.sops.yaml")["stringData"].TUNNEL_TOKEN as string;
  assert.deepEqual(JSON.parse(Buffer.from(token, "base64").toString("utf8")), {
    a: FAKE_TUNNEL.AccountTag,
    t: FAKE_TUNNEL.TunnelID,
    s: FAKE_TUNNEL.TunnelSecret,
  });
  const endpoint = docs(outputs, "kubernetes/apps/network/cloudflare-tunnel/app/dnsendpoint.yaml")[0]!;
  assert.deepEqual(endpoint["spec"].endpoints[0].targets, [`${FAKE_TUNNEL.TunnelID}.cfargotunnel.com`]);
});
