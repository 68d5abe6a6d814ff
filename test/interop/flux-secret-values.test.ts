import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { buildCase, interopCases } from "./support/built-cases.js";
import { classifyTree, fluxKustomizations, kustomizationDir, parseObjects } from "./support/k8s-tree.js";
import { postBuildVars, readObjects } from "./support/cluster-view.js";
import { fluxBuild } from "./support/flux-cli.js";
import { sopsDecrypt } from "./support/sops-decrypt.js";
import { toolOptions } from "./support/tools.js";
import { removeDir } from "../support/tree.js";

/**
 * kustomize-controller decrypts a Secret and then runs postBuild substitution over it like any
 * other object, so a secret value holding `${…}` would be blanked (or, strict, fail the whole
 * Kustomization) and `$${…}` would lose a dollar. The real Flux CLI cannot decrypt, so the app's
 * Secret is swapped for its sops-decrypted form inside the temp build (fake fixture values only,
 * removed afterwards) and built the way the controller would, with the cluster's variables.
 */
const TOKEN = "fixture-${NOT_FOR_FLUX}-token";
const HOOK = "fixture-$${ESCAPED}-token";

test("secret values pass Flux's postBuild substitution unchanged", toolOptions("flux", "sops"), async () => {
  const fixture = interopCases().find((c) => c.name === "substitution");
  if (!fixture) return; // narrowed away by CASE
  const built = await buildCase(fixture, { LABC_FIXTURE_CLOUDFLARE_TOKEN: TOKEN, LABC_FIXTURE_WEBHOOK_TOKEN: HOOK });
  try {
    const tree = classifyTree(built.out);
    const objects = readObjects(built.out, tree.manifests);
    const all = fluxKustomizations(built.out, tree.manifests);
    const cases = [
      { ks: "cert-manager", secret: "kubernetes/apps/cert-manager/cert-manager/app/secret.sops.yaml", key: "api-token", value: TOKEN },
      { ks: "flux-instance", secret: "kubernetes/apps/flux-system/flux-instance/app/secret.sops.yaml", key: "token", value: HOOK },
    ];
    for (const c of cases) {
      const ks = all.find((k) => k.name === c.ks)!;
      assert.ok(ks.spec.postBuild, `${c.ks} substitutes, or this test proves nothing`);
      writeFileSync(join(built.out, c.secret), sopsDecrypt(join(built.out, c.secret)));
      const object = parseObjects(readFileSync(join(built.out, ks.file), "utf8"), ks.file).find((o) => o.metadata?.name === ks.name)!;
      const spec = object["spec"] as { postBuild: Record<string, unknown> };
      const inline = { ...object, spec: { ...spec, postBuild: { ...spec.postBuild, substitute: postBuildVars(ks, objects) } } };
      const run = fluxBuild({ name: ks.name, namespace: ks.namespace, path: join(built.out, kustomizationDir(ks)), kustomization: { object: inline }, strictSubstitute: true });
      assert.equal(run.status, 0, `flux build of ${c.ks} failed: ${run.stderr}`);
      const secret = parseObjects(run.stdout, "flux build output").find((o) => o.kind === "Secret");
      assert.ok(secret, `${c.ks} built no Secret`);
      // Compared, not printed: even fake secret values stay out of failure output.
      assert.ok((secret["stringData"] as Record<string, string>)[c.key] === c.value, `${c.ks}'s Secret ${c.key} was changed by Flux's substitution`);
    }
  } finally {
    removeDir(built.out);
  }
});
