import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "../../../compiler/build/build.js";
import { generateIdentity, identityToRecipient } from "../../../compiler/secrets/age/index.js";
import { decryptSops, inspectSops } from "../../../compiler/secrets/sops/index.js";
import { openStore, sealStore } from "../../../compiler/secrets-store/store.js";
import { checkProjectSecrets } from "../../../compiler/secrets-store/project-checks.js";
import { Reporter } from "../../../lang/diagnostics/reporter.js";
import { removeDir, tempDir } from "../../support/tree.js";
import { repoPath } from "../../support/paths.js";

const SOPS_AGE = "kubernetes/components/common/sops/sops-age.sops.yaml";

async function clusterKeyIn(out: string, identity: string): Promise<string> {
  const secret = (await decryptSops(readFileSync(join(out, SOPS_AGE), "utf8"), { format: "yaml", identities: [identity] })).tree as { stringData: Record<string, string> };
  return secret.stringData["age.agekey"]!;
}

test("the cluster's own age key: the same whoever builds, never an operator's, a recipient of Kubernetes secrets only", async () => {
  const dir = tempDir("cluster-key");
  try {
    const [id1, id2] = [await generateIdentity(), await generateIdentity()];
    const [r1, r2] = [await identityToRecipient(id1), await identityToRecipient(id2)];
    const base = readFileSync(repoPath("test/errors/cases/_base.lab"), "utf8").replace(/recipients = \[[^\]]*\]/, `recipients = ["${r1}", "${r2}"]`);
    writeFileSync(join(dir, "cluster.lab"), base);
    const out = join(dir, "out");
    const as = (identity: string, newCluster = false) => build({ entry: join(dir, "cluster.lab"), out, cwd: dir, env: { PATH: process.env["PATH"], SOPS_AGE_KEY: identity, LABC_TEST_TOKEN: "t0ken-value" }, newCluster });

    const first = await as(id1, true);
    assert.ok(first.written, first.diagnostics.map((d) => d.message).join("\n"));
    assert.ok(first.notes.some((n) => /made the cluster's own age key/.test(n)), first.notes.join("\n"));
    const key = await clusterKeyIn(out, id1);
    assert.match(key, /^AGE-SECRET-KEY-1/);
    assert.ok(key !== id1 && key !== id2, "no operator's key goes into the cluster");

    const second = await as(id2);
    assert.ok(second.written, second.diagnostics.map((d) => d.message).join("\n"));
    assert.equal(await clusterKeyIn(out, id2), key, "the second operator's build keeps the cluster key");
    assert.ok(!second.notes.some((n) => /made the cluster's own age key/.test(n)), "made once");

    const clusterRecipient = await identityToRecipient(key);
    const recipients = (path: string) => inspectSops(readFileSync(join(out, path), "utf8"), "yaml").recipients;
    assert.deepEqual(new Set(recipients(SOPS_AGE)), new Set([r1, r2, clusterRecipient]));
    assert.ok(!recipients("talos/talsecret.sops.yaml").includes(clusterRecipient), "the Talos bundle is the operators' alone");
    assert.match(readFileSync(join(out, ".sops.yaml"), "utf8"), new RegExp(clusterRecipient));
    // The cluster key can open what Flux must read.
    assert.ok(await clusterKeyIn(out, key));

    // `labc check --out` (no private key) sees no drift in a tree built this way.
    const r = new Reporter();
    checkProjectSecrets({ root: dir, outDir: out, keyGroups: [[r1, r2]], shamirThreshold: 1, span: first.model!.span, cwd: dir }, r);
    assert.deepEqual(r.diagnostics.filter((d) => d.code === "LAB4006").map((d) => d.message), []);
  } finally {
    removeDir(dir);
  }
});

test("a store that lost the cluster key stops the build: a new key would lock the running cluster out", async () => {
  const dir = tempDir("cluster-key-lost");
  try {
    for (const f of ["cluster.lab", "secrets.sops.yaml", "talsecret.sops.yaml"]) copyFileSync(repoPath("examples", "homelab", f), join(dir, f));
    const env = { PATH: process.env["PATH"], SOPS_AGE_KEY_FILE: repoPath("examples", "homelab", "age.key") };
    const out = join(dir, "out");
    const built = await build({ entry: join(dir, "cluster.lab"), out, cwd: dir, env });
    assert.ok(built.written, built.diagnostics.map((d) => d.message).join("\n"));
    const before = readFileSync(join(out, SOPS_AGE), "utf8");
    const identity = readFileSync(repoPath("examples", "homelab", "age.key"), "utf8").split("\n").find((l) => l.startsWith("AGE-SECRET-KEY-"))!;
    const store = await openStore(dir, [identity]);
    assert.ok(store.values.delete("cluster-age-key"));
    writeFileSync(join(dir, "secrets.sops.yaml"), await sealStore(store, { keyGroups: built.model!.keyGroups, shamirThreshold: built.model!.shamirThreshold }, [identity]));
    const again = await build({ entry: join(dir, "cluster.lab"), out, cwd: dir, env });
    const error = again.diagnostics.find((d) => d.code === "LAB4011");
    assert.match(error?.message ?? again.diagnostics.map((d) => d.message).join("\n"), /built for the cluster's own age key age1.* labc secret set cluster-age-key/);
    assert.equal(again.written, undefined);
    assert.equal(readFileSync(join(out, SOPS_AGE), "utf8"), before, "the tree is untouched");
  } finally {
    removeDir(dir);
  }
});
