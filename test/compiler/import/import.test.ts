import { parse } from "yaml";
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { build } from "../../../compiler/build/build.js";
import { openStore, sealStore } from "../../../compiler/secrets-store/store.js";
import { importRepository } from "../../../compiler/import/index.js";
import { fixtureEnv, SHARED_FIXTURE_WAIT } from "../../golden/cases.js";
import { repoPath, repoRoot } from "../../support/paths.js";
import { readTree, removeDir, tempDir } from "../../support/tree.js";

const ageKey = repoPath("examples", "homelab", "age.key");
const env = { ...process.env, ...fixtureEnv, SOPS_AGE_KEY_FILE: ageKey, NO_COLOR: "1" };

function labcImport(repo: string, out: string, ...extra: string[]) {
  return spawnSync(process.execPath, [repoPath("bin", "labc.js"), "import", repo, "--out", out, ...extra], { encoding: "utf8", env, cwd: repoRoot });
}

/** Builds `entry` over a copy of `expected` (so unchanged secrets keep their bytes) and lists the files whose content differs. */
async function rebuildAndCompare(entry: string, expected: string): Promise<string[]> {
  const out = tempDir("import-out", expected);
  try {
    const report = await build({ entry, out, cwd: repoRoot, env, lockWaitMs: SHARED_FIXTURE_WAIT });
    assert.deepEqual(report.diagnostics.filter((d) => d.severity === "error").map((d) => d.message), []);
    assert.ok(report.written);
    const want = readTree(expected);
    const got = readTree(out);
    assert.deepEqual([...got.keys()], [...want.keys()], "the same set of files");
    return [...want].filter(([path, text]) => got.get(path) !== text).map(([path]) => path);
  } finally {
    removeDir(out);
  }
}

/** The Flux key the committed out/ tree was built for, from its .sops.yaml (the Kubernetes rule's key the Talos rule lacks). */
function clusterFluxRecipient(): string {
  const rules = (parse(readFileSync(repoPath("out", ".sops.yaml"), "utf8")) as { creation_rules: { path_regex: string; key_groups: { age: string[] }[] }[] }).creation_rules;
  const keysOf = (prefix: string) => rules.find((r) => r.path_regex.startsWith(prefix))!.key_groups.flatMap((g) => g.age);
  const [talos, kubernetes] = [keysOf("^talos/"), keysOf("^(bootstrap|kubernetes)/")];
  return kubernetes!.find((r) => !talos!.includes(r))!;
}

test("import out/ (the homelab build): the cluster.lab it writes builds to the same tree, byte for byte", async () => {
  const project = tempDir("import-homelab");
  try {
    const lab = join(project, "cluster.lab");
    const run = labcImport(repoPath("out"), lab);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /a build reproduces (\d+) of \1 manifests byte for byte/);
    assert.doesNotMatch(run.stdout, /could not map|differs:|not generated:/);
    assert.match(run.stdout, /labc secret set cloudflare-token\n {2}labc secret set tunnel-credentials\n {2}labc secret set webhook-token\n/);
    // A labc-built tree names Flux's own key: the import says how to keep it (a new one would lock the cluster out).
    assert.match(run.stdout, /keep the cluster's Flux key \(age1\w+\) before the first build:\n {2}sops -d --extract '\["stringData"\]\["age\.agekey"\]' kubernetes\/components\/common\/sops\/sops-age\.sops\.yaml \| labc secret set cluster-age-key\n/);
    assert.doesNotMatch(readFileSync(lab, "utf8"), new RegExp(clusterFluxRecipient()), "the Flux key is no person's recipient");
    // The Talos bundle came along; the store and key are the example's (values cannot be imported).
    assert.equal(readFileSync(join(project, "talsecret.sops.yaml"), "utf8"), readFileSync(repoPath("examples", "homelab", "talsecret.sops.yaml"), "utf8"));
    for (const f of ["age.key", "secrets.sops.yaml"]) copyFileSync(repoPath("examples", "homelab", f), join(project, f));
    const text = readFileSync(lab, "utf8");
    assert.match(text, /^secret cloudflare-token = store\(\)$/m);
    assert.match(text, /^ {2}domain = "example\.com"$/m, "the domain is decrypted from cluster-secrets");
    assert.match(text, /\/\/ renovate: datasource=docker depName=ghcr.io\/siderolabs\/installer\n {2}talos = v1\.10\.7/);
    assert.deepEqual(await rebuildAndCompare(lab, repoPath("out")), [], "every file, the README included, is reproduced");
    assert.equal(labcImport(repoPath("out"), lab).status, 2, "an existing cluster.lab is not overwritten without --force");
  } finally {
    removeDir(project);
  }
});

test("import the HA example's tree: every manifest reproduced; only the README differs", async () => {
  const project = tempDir("import-ha");
  const expected = repoPath("test", "fixtures", "example-ha", "expected");
  try {
    const lab = join(project, "cluster.lab");
    const run = labcImport(expected, lab);
    assert.equal(run.status, 0, run.stderr);
    assert.doesNotMatch(run.stdout, /could not map|differs:|not generated:/);
    // The example reads two secrets from the environment and generates the third: in the
    // imported project all three live in the store, next to the deploy key the example generated.
    copyFileSync(ageKey, join(project, "age.key"));
    copyFileSync(repoPath("examples", "ha", "secrets.sops.yaml"), join(project, "secrets.sops.yaml"));
    const key = readFileSync(ageKey, "utf8").split("\n").find((l) => l.startsWith("AGE-SECRET-KEY-"))!;
    const store = await openStore(project, [key]);
    store.values.set("cloudflare-token", fixtureEnv["LABC_FIXTURE_CLOUDFLARE_TOKEN"]!);
    store.values.set("tunnel-credentials", fixtureEnv["LABC_FIXTURE_TUNNEL"]!);
    assert.ok(store.values.has("webhook-token"));
    const text = readFileSync(lab, "utf8");
    const recipient = /recipients = \["(age1[^"]+)"\]/.exec(text)![1]!;
    writeFileSync(join(project, "secrets.sops.yaml"), await sealStore(store, { recipients: [recipient] }, [key]));
    assert.match(text, /visibility: private/);
    assert.match(text, /^ {2}vlan = 20$/m);
    assert.match(text, /disk \{\n {4}serial = "S4EVNX0R123456"\n {2}\}/);
    assert.match(text, /lb-mode = snat/);
    // README.md: the network is called `servers` in examples/ha (names live only in cluster.lab),
    // and its secrets came from env() and generate(), where the import declares store().
    assert.deepEqual(await rebuildAndCompare(lab, expected), ["README.md"]);
  } finally {
    removeDir(project);
  }
});

test("import lists what it cannot map and what a build would not reproduce", async () => {
  const repo = tempDir("import-extra", repoPath("out"));
  try {
    mkdirSync(join(repo, "kubernetes/apps/default/raw/app"), { recursive: true });
    writeFileSync(join(repo, "kubernetes/apps/default/raw/ks.yaml"), "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: raw\n");
    writeFileSync(join(repo, "kubernetes/apps/default/raw/app/deployment.yaml"), "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: raw\n");
    const talconfig = join(repo, "talos/talconfig.yaml");
    writeFileSync(talconfig, readFileSync(talconfig, "utf8").replace("    controlPlane: true\n", '    controlPlane: true\n    patches:\n      - "@./patches/cp-01/extra.yaml"\n'));
    // Without the age key the domain stays encrypted.
    const result = await importRepository(repo, { env: { HOME: repo } });
    assert.ok(result.unmapped.some((u) => u.startsWith("kubernetes/apps/default/raw: no HelmRelease")), result.unmapped.join("\n"));
    assert.ok(result.unmapped.some((u) => u.includes("patch file @./patches/cp-01/extra.yaml")));
    assert.ok(result.unmapped.some((u) => u.includes("SECRET_DOMAIN could not be decrypted")));
    assert.ok(result.verification.notGenerated.includes("kubernetes/apps/default/raw/app/deployment.yaml"));
    assert.ok(result.verification.differing.includes("talos/talconfig.yaml"));
  } finally {
    removeDir(repo);
  }
});
