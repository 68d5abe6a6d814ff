import { test } from "node:test";
import assert from "node:assert/strict";
import { emitFlux } from "../../../../compiler/emit/flux/emit-flux.js";
import { fakeSecretValues, homelabWithApps } from "../../../support/homelab-apps.js";

/**
 * kustomize-controller substitutes postBuild variables in decrypted Secrets too, so every app
 * Secret (each sits under a substituting Kustomization) opts out; the real-Flux check of the same
 * is test/interop/flux-secret-values.test.ts.
 */
test("app Secrets opt out of Flux's postBuild substitution", () => {
  const secrets = emitFlux(homelabWithApps(), fakeSecretValues).filter((o) => o.kind === "secret" && o.path.startsWith("kubernetes/apps/"));
  assert.ok(secrets.length >= 3, "the homelab apps write Secrets");
  for (const s of secrets) {
    const tree = (s as { tree: { metadata?: { annotations?: Record<string, string> } } }).tree;
    assert.equal(tree.metadata?.annotations?.["kustomize.toolkit.fluxcd.io/substitute"], "disabled", `${s.path} would be substituted by Flux`);
  }
});
