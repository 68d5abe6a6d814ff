import { test } from "node:test";
import assert from "node:assert/strict";
import { parse, parseAllDocuments } from "yaml";
import { emitBootstrap } from "../../../../compiler/emit/bootstrap/emit-bootstrap.js";
import { BootstrapSubstitutionError } from "../../../../compiler/emit/bootstrap/substitution-check.js";
import { emitFlux } from "../../../../compiler/emit/flux/emit-flux.js";
import type { ClusterModel } from "../../../../compiler/model/model.js";
import { fakeSecretValues, homelabWithApps, withWorker } from "../../../support/homelab-apps.js";

interface Release {
  name: string;
  namespace: string;
  atomic: boolean;
  chart: string;
  version: string;
  values: Record<string, unknown>[];
  needs?: string[];
}

function helmfile(cluster: ClusterModel): { helmDefaults: Record<string, unknown>; releases: Release[]; text: string } {
  const [out] = emitBootstrap(cluster);
  assert.ok(out && out.kind === "text");
  assert.equal(out.path, "bootstrap/helmfile.yaml");
  return { ...(parse(out.content) as { helmDefaults: Record<string, unknown>; releases: Release[] }), text: out.content };
}

test("one node: cilium → coredns → cert-manager → flux-operator → flux-instance", () => {
  const { helmDefaults, releases, text } = helmfile(homelabWithApps());
  assert.match(text, /^---\n# yaml-language-server: \$schema=https:\/\/json\.schemastore\.org\/helmfile\n/);
  assert.deepEqual(helmDefaults, { cleanupOnFail: true, wait: true, waitForJobs: true });
  assert.deepEqual(
    releases.map((r) => [`${r.namespace}/${r.name}`, r.needs ?? []]),
    [
      ["kube-system/cilium", []],
      ["kube-system/coredns", ["kube-system/cilium"]],
      ["cert-manager/cert-manager", ["kube-system/coredns"]],
      ["flux-system/flux-operator", ["cert-manager/cert-manager"]],
      ["flux-system/flux-instance", ["flux-system/flux-operator"]],
    ],
  );
  for (const r of releases) assert.equal(r.atomic, true);
});

test("two nodes: spegel sits between coredns and cert-manager", () => {
  const cluster = homelabWithApps({ nodes: withWorker() });
  const names = helmfile(cluster).releases.map((r) => r.name);
  assert.deepEqual(names, ["cilium", "coredns", "spegel", "cert-manager", "flux-operator", "flux-instance"]);
  const releases = helmfile(cluster).releases;
  assert.deepEqual(releases.find((r) => r.name === "spegel")?.needs, ["kube-system/coredns"]);
  assert.ok(releases.find((r) => r.name === "cert-manager")?.needs?.includes("kube-system/spegel"));
  // …and the Flux side gets spegel too.
  const paths = emitFlux(cluster, fakeSecretValues).map((o) => o.path);
  assert.ok(paths.includes("kubernetes/apps/kube-system/spegel/app/helmrelease.yaml"));
});

test("chart URL, version and values equal the HelmRelease Flux adopts", () => {
  const cluster = homelabWithApps({ nodes: withWorker() });
  const flux = emitFlux(cluster, fakeSecretValues);
  for (const release of helmfile(cluster).releases) {
    const out = flux.find((o) => o.path === `kubernetes/apps/${release.namespace}/${release.name}/app/helmrelease.yaml`);
    assert.ok(out && out.kind === "text", release.name);
    const [repo, hr] = parseAllDocuments(out.content).map((d) => d.toJS() as Record<string, any>);
    assert.equal(repo!["spec"].url, release.chart, release.name);
    assert.equal(repo!["spec"].ref.tag, release.version, release.name);
    assert.deepEqual(release.values, [hr!["spec"].values], release.name);
  }
});

test("a Flux substitution in bootstrap values is refused with a clear error", () => {
  const cluster = homelabWithApps();
  const apps = cluster.apps.map((a) =>
    a.name === "coredns" ? { ...a, values: { ...a.values, extra: { zone: "${SECRET_DOMAIN}" } } } : a,
  );
  assert.throws(
    () => emitBootstrap({ ...cluster, apps }),
    (e: unknown) => e instanceof BootstrapSubstitutionError && e.app === "coredns" && /extra\.zone/.test(e.message),
  );
});

test("a bootstrap app depending on a Flux-only app is refused", () => {
  const cluster = homelabWithApps();
  const apps = cluster.apps.map((a) =>
    a.name === "coredns" ? { ...a, installAfter: [...a.installAfter, { name: "reloader", namespace: "kube-system" }] } : a,
  );
  assert.throws(() => emitBootstrap({ ...cluster, apps }), /not installed at bootstrap/);
});

test("the Renovate marker on the Flux distribution is kept in the helmfile", () => {
  assert.match(helmfile(homelabWithApps()).text, /# renovate: datasource=github-releases depName=controlplaneio-fluxcd\/distribution\n\s+version: 2\.6\.4/);
});
