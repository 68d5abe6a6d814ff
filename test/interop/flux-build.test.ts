import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { buildCase, interopCases } from "./support/built-cases.js";
import { classifyTree, fileInclusions, filesBuiltBy, isFluxKustomization, kustomizeFilesRead, fluxKustomizations, kustomizationDir, parseObjects, type FluxKustomization, type KubeObject } from "./support/k8s-tree.js";
import { postBuildVars, readObjects } from "./support/cluster-view.js";
import { fluxBuild } from "./support/flux-cli.js";
import { toolOptions } from "./support/tools.js";
import { gvk, kubeconform, rejected } from "./support/kubeconform-cli.js";
import { removeDir } from "../support/tree.js";

/**
 * The real Flux CLI builds every Flux Kustomization of both examples and every golden fixture
 * offline (`flux build kustomization --dry-run`), plus the sync Kustomization flux-operator makes
 * from the FluxInstance. Each must build from its ks.yaml exactly as written; its output must hold
 * the objects of the files it points at (components included); and with the values of its
 * substituteFrom objects passed inline (dry-run cannot read them from a cluster) every `${VAR}`
 * must resolve under --strict-substitute, leaving only what labc escaped as `$${…}`.
 */

const key = (o: KubeObject) => `${o.kind}/${o.kind === "Namespace" ? "*" : o.metadata?.name}`;

/** The sync Kustomization flux-operator creates from the FluxInstance in the flux-instance HelmRelease's values. */
function syncKustomization(objects: readonly { object: KubeObject }[]): FluxKustomization & { object: KubeObject } {
  const release = objects.find((o) => o.object.kind === "HelmRelease" && o.object.metadata?.name === "flux-instance")?.object;
  const sync = (release?.["spec"] as { values?: { instance?: { sync?: { kind: string; path: string } } } } | undefined)?.values?.instance?.sync;
  if (!sync) throw new Error("the flux-instance HelmRelease has no instance.sync");
  const spec = { interval: "1h", path: sync.path, prune: true, sourceRef: { kind: sync.kind, name: "flux-system" } };
  const object = { apiVersion: "kustomize.toolkit.fluxcd.io/v1", kind: "Kustomization", metadata: { name: "flux-system", namespace: "flux-system" }, spec };
  return { file: "(FluxInstance sync)", name: "flux-system", namespace: "flux-system", spec, object };
}

/** The objects kustomize should produce from the files a Kustomization points at (ConfigMap generators included). */
function expectedKeys(root: string, ks: FluxKustomization, objects: readonly { file: string; object: KubeObject }[]): string[] {
  const files = fileInclusions(root, ks);
  const keys = files.flatMap((file) => objects.filter((o) => o.file === file).map((o) => key(o.object)));
  for (const file of kustomizeFilesRead(root, ks)) {
    for (const doc of parseObjects(readFileSync(join(root, file), "utf8"), file)) {
      for (const gen of (doc["configMapGenerator"] as { name: string }[] | undefined) ?? []) keys.push(`ConfigMap/${gen.name}`);
    }
  }
  return keys.sort();
}

/** `${NAME}` references left in a text, not counting escaped `$${NAME}`. */
function references(text: string): string[] {
  return [...text.matchAll(/(\$?)\$\{([_a-zA-Z][_a-zA-Z0-9]*)/g)].filter((m) => m[1] === "").map((m) => m[2]!);
}
function escapedReferences(text: string): string[] {
  return [...text.matchAll(/\$\$\{([_a-zA-Z][_a-zA-Z0-9]*)/g)].map((m) => m[1]!);
}

for (const c of interopCases()) {
  test(`flux build kustomization --dry-run builds every Flux Kustomization of ${c.name}`, toolOptions("flux", "sops"), async (t) => {
    const built = await buildCase(c);
    try {
      const tree = classifyTree(built.out);
      const objects = readObjects(built.out, tree.manifests);
      const all = [syncKustomization(objects), ...fluxKustomizations(built.out, tree.manifests)];
      assert.ok(all.some((k) => k.name === "cluster-apps"), "the flux cluster sync has no cluster-apps Kustomization");
      const named = new Set(all.map((k) => `${k.namespace}/${k.name}`));
      for (const ks of all) {
        for (const dep of (ks.spec as { dependsOn?: { name: string; namespace?: string }[] }).dependsOn ?? []) {
          assert.ok(named.has(`${dep.namespace ?? ks.namespace}/${dep.name}`), `${ks.name} depends on ${dep.namespace ?? ks.namespace}/${dep.name}, which no Kustomization defines (Flux would wait forever)`);
        }
      }
      await t.test("the whole tree builds recursively from the FluxInstance sync, reaching every Kustomization", () => {
        const sync = all[0] as ReturnType<typeof syncKustomization>;
        const run = fluxBuild({
          name: sync.name,
          namespace: sync.namespace,
          path: join(built.out, kustomizationDir(sync)),
          kustomization: { object: sync.object },
          recursive: { "GitRepository/flux-system/flux-system": built.out },
        });
        assert.equal(run.status, 0, `flux build --recursive failed: ${run.stderr}`);
        const reached = parseObjects(run.stdout, "flux build output").filter(isFluxKustomization).map((o) => `${o.metadata?.namespace}/${o.metadata?.name}`);
        assert.deepEqual([...new Set(reached)].sort(), all.slice(1).map((k) => `${k.namespace}/${k.name}`).sort());
      });
      // What Flux would apply (substituted where it substitutes), for kubeconform below.
      const applied: string[] = [];
      for (const ks of all) {
        await t.test(`${ks.namespace}/${ks.name} (${ks.file})`, () => {
          const path = join(built.out, kustomizationDir(ks));
          for (const comp of ks.spec.components ?? []) assert.ok(filesBuiltBy(built.out, { ...ks, spec: { path: ks.spec.path, components: [comp] } }).size > 0, `component ${comp} resolves to nothing`);
          const asWritten = fluxBuild({
            name: ks.name,
            namespace: ks.namespace,
            path,
            kustomization: "object" in ks ? { object: (ks as { object: KubeObject }).object } : { file: join(built.out, ks.file) },
          });
          assert.equal(asWritten.status, 0, `flux build failed: ${asWritten.stderr}`);
          const output = parseObjects(asWritten.stdout, "flux build output");
          assert.deepEqual(output.map(key).sort(), expectedKeys(built.out, ks, objects), "flux build's objects differ from the files the Kustomization points at");
          for (const o of output) assert.equal(o.metadata?.labels?.["kustomize.toolkit.fluxcd.io/name"], ks.name, `${key(o)} lacks Flux's owner label`);
          if (!ks.spec.postBuild) {
            applied.push(asWritten.stdout);
            return;
          }
          // Dry-run skips substituteFrom; hand its values over inline, as the controller would read them.
          const vars = postBuildVars(ks, objects);
          assert.ok(Object.keys(vars).length > 0, "postBuild offers no variables");
          const object = parseObjects(readFileSync(join(built.out, ks.file), "utf8"), ks.file).find((o) => o.metadata?.name === ks.name && o.metadata?.namespace === ks.namespace)!;
          const spec = object["spec"] as { postBuild: Record<string, unknown> };
          const inline = { ...object, spec: { ...spec, postBuild: { ...spec.postBuild, substitute: vars } } };
          const run = fluxBuild({ name: ks.name, namespace: ks.namespace, path, kustomization: { object: inline }, strictSubstitute: true });
          // Flux's error names the variable, not its value.
          assert.equal(run.status, 0, `flux build --strict-substitute failed: ${run.stderr}`);
          const source = [...filesBuiltBy(built.out, ks)].map((f) => readFileSync(join(built.out, f), "utf8")).join("\n");
          const escaped = new Set(escapedReferences(source));
          const left = references(run.stdout).filter((name) => !escaped.has(name));
          assert.deepEqual(left, [], "unresolved ${VAR} after Flux's substitution");
          for (const name of new Set(references(source))) {
            if (name in vars) assert.ok(!references(run.stdout).includes(name) || escaped.has(name), `\${${name}} was not substituted`);
          }
          assert.equal(escapedReferences(run.stdout).length, 0, "a $${…} escape survived Flux's substitution");
          applied.push(run.stdout);
        });
      }
      await t.test("kubeconform -strict accepts every object flux build produced", toolOptions("kubeconform"), () => {
        assert.ok(applied.length > 0);
        const { report } = kubeconform(applied.filter((y) => y.trim() !== "").map((y) => `---\n${y}`).join(""));
        assert.deepEqual(rejected(report).map((r) => `${gvk(r)} ${r.name}: ${r.status} ${r.msg}`), []);
        assert.ok(report.summary.valid > 0, "nothing was validated");
      });
    } finally {
      removeDir(built.out);
    }
  });
}

// The substitution fixture's shell app, value by value, as Flux leaves it with the cluster's variables.
test("flux build substitutes the substitution fixture's values as written", toolOptions("flux", "sops"), async () => {
  const fixture = interopCases().find((c) => c.name === "substitution");
  if (!fixture) return; // narrowed away by CASE
  const built = await buildCase(fixture);
  try {
    const tree = classifyTree(built.out);
    const objects = readObjects(built.out, tree.manifests);
    const ks = fluxKustomizations(built.out, tree.manifests).find((k) => k.name === "shell")!;
    const vars = postBuildVars(ks, objects);
    assert.deepEqual(Object.keys(vars), ["SECRET_DOMAIN"]);
    assert.equal(vars["SECRET_DOMAIN"], "subst.example.com", "cluster-secrets holds the cluster's domain");
    const object = parseObjects(readFileSync(join(built.out, ks.file), "utf8"), ks.file).find((o) => o.metadata?.name === "shell")!;
    const spec = object["spec"] as { postBuild: Record<string, unknown> };
    const run = fluxBuild({
      name: ks.name,
      namespace: ks.namespace,
      path: join(built.out, kustomizationDir(ks)),
      kustomization: { object: { ...object, spec: { ...spec, postBuild: { ...spec.postBuild, substitute: vars } } } },
      strictSubstitute: true,
    });
    assert.equal(run.status, 0, run.stderr);
    const release = parseObjects(run.stdout, "flux build output").find((o) => o.kind === "HelmRelease")!;
    const values = (release["spec"] as { values: Record<string, any> }).values;
    const app = values["controllers"].shell.containers.app;
    assert.equal(app.env.SITE, "https://subst.example.com/", "${SECRET_DOMAIN} is substituted");
    assert.equal(app.env.RELEASE, "{{ .Release.Name }}", "Helm templates pass through");
    assert.equal(app.env.ALREADY, "${ESCAPED}", "an escape written in the .lab file reaches the pod as ${…}");
    assert.deepEqual(app.args, ['echo "home is ${HOME}" && sleep infinity'], "a shell ${HOME} reaches the pod unsubstituted");
    assert.deepEqual(values["route"].app.hostnames, ["shell.subst.example.com"]);
    assert.equal(release.metadata?.namespace, "tools", "targetNamespace applied");
  } finally {
    removeDir(built.out);
  }
});
