import { parse, stringify } from "yaml";
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";

import { build } from "../../../compiler/build/build.js";
import { openStore, sealStore } from "../../../compiler/secrets-store/store.js";
import { importRepository } from "../../../compiler/import/index.js";
import { decryptSops } from "../../../compiler/secrets/sops/index.js";
import { encryptYaml } from "../../../compiler/secrets/sops/encrypt.js";
import { format } from "../../../lang/format/format.js";
import { fixtureEnv, SHARED_FIXTURE_WAIT } from "../../golden/cases.js";
import { repoPath, repoRoot } from "../../support/paths.js";
import { listFiles, readTree, removeDir, tempDir } from "../../support/tree.js";

const ageKey = repoPath("examples", "homelab", "age.key");
const demoIdentity = readFileSync(ageKey, "utf8").split("\n").find((l) => l.startsWith("AGE-SECRET-KEY-"))!;
const env = { ...process.env, ...fixtureEnv, SOPS_AGE_KEY_FILE: ageKey, NO_COLOR: "1" };

function labcImport(repo: string, out: string, options: { env?: NodeJS.ProcessEnv; extra?: string[] } = {}) {
  return spawnSync(process.execPath, [repoPath("bin", "labc.js"), "import", repo, "--out", out, ...(options.extra ?? [])], { encoding: "utf8", env: options.env ?? env, cwd: repoRoot });
}

/** An environment in which no age key can be found (home is `home`, sops' variables unset). */
function withoutKeys(home: string): NodeJS.ProcessEnv {
  const rest = Object.fromEntries(Object.entries(env).filter(([k]) => !k.startsWith("SOPS_AGE_KEY") && k !== "XDG_CONFIG_HOME"));
  return { ...rest, HOME: home };
}

/** The store beside cluster.lab in `dir`, opened with the demo key. */
async function storeValues(dir: string): Promise<Map<string, string>> {
  return (await openStore(dir, [demoIdentity])).values;
}

/** Every value of `want` is in `got` under the same name (compared without printing a value). */
function assertSameValues(got: ReadonlyMap<string, string>, want: ReadonlyMap<string, string>): void {
  assert.deepEqual([...got.keys()].sort(), [...want.keys()].sort());
  for (const [name, value] of want) assert.ok(got.get(name) === value, `${name} holds the expected value`);
}

/** The age recipients a SOPS file is encrypted to, from its metadata (readable without a key). */
function sopsRecipients(path: string): string[] {
  return ((parse(readFileSync(path, "utf8")) as { sops: { age: { recipient: string }[] } }).sops.age ?? []).map((a) => a.recipient).sort();
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

/** The age keys of each creation rule of the committed out/ tree's .sops.yaml, by path_regex. */
function sopsRuleKeys(): Map<string, string[]> {
  const rules = (parse(readFileSync(repoPath("out", ".sops.yaml"), "utf8")) as { creation_rules: { path_regex: string; key_groups: { age: string[] }[] }[] }).creation_rules;
  return new Map(rules.map((r) => [r.path_regex, r.key_groups.flatMap((g) => g.age)]));
}

/** The Flux key the committed out/ tree was built for: the Kubernetes rule's key the Talos rule lacks. */
function clusterFluxRecipient(): string {
  const rules = sopsRuleKeys();
  const talos = rules.get("^talos/.*\\.sops\\.ya?ml$")!;
  const found = rules.get("^(bootstrap|kubernetes)/.*\\.sops\\.ya?ml$")!.filter((r) => !talos.includes(r));
  assert.equal(found.length, 1, "out/.sops.yaml names one Flux key");
  return found[0]!;
}

test("import out/ with the demo key: the store gets the example's values, and the project builds to the same tree, byte for byte", async () => {
  const project = tempDir("import-homelab");
  try {
    const lab = join(project, "cluster.lab");
    const run = labcImport(repoPath("out"), lab);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /a build reproduces (\d+) of \1 manifests byte for byte/);
    assert.match(run.stdout, /with the imported values, (\d+) of \1 encrypted Secrets decrypt to the repository's plaintext/);
    assert.match(run.stdout, /secrets\.sops\.yaml holds the repository's values of cloudflare-token, tunnel-credentials, webhook-token, cluster-age-key \(/);
    assert.doesNotMatch(run.stdout, /could not map|could not read|differs|not generated:|labc secret set|sops -d/);
    // The values are the example's own (tunnel-credentials decoded from TUNNEL_TOKEN, Flux's key from sops-age), and none is printed.
    const want = await storeValues(repoPath("examples", "homelab"));
    assertSameValues(await storeValues(project), want);
    for (const value of want.values()) assert.ok(!run.stdout.includes(value) && !run.stderr.includes(value), "no value is printed");
    const text = readFileSync(lab, "utf8");
    const recipient = /recipients = \["(age1[^"]+)"\]/.exec(text)![1]!;
    assert.deepEqual(sopsRecipients(join(project, "secrets.sops.yaml")), [recipient], "the store is encrypted to the imported cluster's recipients");
    assert.doesNotMatch(text, new RegExp(clusterFluxRecipient()), "the Flux key is no person's recipient");
    assert.equal(readFileSync(join(project, "talsecret.sops.yaml"), "utf8"), readFileSync(repoPath("examples", "homelab", "talsecret.sops.yaml"), "utf8"));
    const formatted = format(text, "cluster.lab");
    assert.ok(formatted.ok && !formatted.changed, "cluster.lab is written as labc fmt writes it");
    assert.match(text, /^\/\/ The values were read from the imported repository's encrypted Secrets into secrets\.sops\.yaml\.\nsecret cloudflare-token = store\(\)$/m);
    assert.match(text, /^ {2}domain {5}= "example\.com"$/m, "the domain is decrypted from cluster-secrets");
    assert.match(text, /\/\/ renovate: datasource=docker depName=ghcr.io\/siderolabs\/installer\n {2}talos {6}= v1\.10\.7/);
    // No store, key or value copied by hand: the build reads what the import wrote, and unchanged
    // plaintext keeps its ciphertext, so equal bytes mean every Secret's plaintext is reproduced.
    assert.deepEqual(await rebuildAndCompare(lab, repoPath("out")), [], "every file, the Secrets and the README included, is reproduced");
    assert.equal(labcImport(repoPath("out"), lab).status, 2, "an existing cluster.lab is not overwritten without --force");
  } finally {
    removeDir(project);
  }
});

test("import the HA example's tree: its store's values, the deploy key included, come along; only the README differs", async () => {
  const project = tempDir("import-ha");
  const expected = repoPath("test", "fixtures", "example-ha", "expected");
  try {
    const lab = join(project, "cluster.lab");
    const run = labcImport(expected, lab);
    assert.equal(run.status, 0, run.stderr);
    assert.doesNotMatch(run.stdout, /could not map|could not read|differs|not generated:|labc secret set/);
    // The private repository's deploy key is read too: a new one would not be the key GitHub knows.
    assertSameValues(await storeValues(project), await storeValues(repoPath("examples", "ha")));
    const text = readFileSync(lab, "utf8");
    assert.match(text, /visibility: private/);
    assert.match(text, /^ {2}vlan {8}= 20$/m);
    assert.match(text, /disk \{\n {4}serial = "S4EVNX0R123456"\n {2}\}/);
    assert.match(text, /lb-mode +?= snat/);
    // README.md: the network is called `servers` in examples/ha (names live only in cluster.lab),
    // and its webhook token came from generate(), where the import declares store().
    assert.deepEqual(await rebuildAndCompare(lab, expected), ["README.md"]);
  } finally {
    removeDir(project);
  }
});

test("import without an age key: store() and the labc secret set lines, saying why; no store is written", () => {
  const project = tempDir("import-nokey");
  try {
    const lab = join(project, "cluster.lab");
    const run = labcImport(repoPath("out"), lab, { env: withoutKeys(project) });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /could not read cloudflare-token, tunnel-credentials, webhook-token, cluster-age-key from the repository: no age key found to open the repository's SOPS files; looked in: /);
    assert.match(run.stdout, /secrets to put in the store \(their values are encrypted in the repository\):\n {2}labc secret set cloudflare-token\n {2}labc secret set tunnel-credentials\n {2}labc secret set webhook-token\n/);
    // A labc-built tree names Flux's own key: the import says how to keep it (a new one would lock the cluster out).
    assert.match(run.stdout, /keep the cluster's Flux key \(age1\w+\) before the first build:\n {2}sops -d --extract '\["stringData"\]\["age\.agekey"\]' kubernetes\/components\/common\/sops\/sops-age\.sops\.yaml \| labc secret set cluster-age-key\n/);
    assert.doesNotMatch(run.stdout, /holds the repository's values|encrypted Secrets decrypt/);
    assert.ok(!existsSync(join(project, "secrets.sops.yaml")));
    assert.match(readFileSync(lab, "utf8"), /^\/\/ Encrypted values cannot be imported: put each in the store with `labc secret set NAME`\.\nsecret cloudflare-token = store\(\)$/m);
  } finally {
    removeDir(project);
  }
});

test("import into a folder whose store already holds a value: that value is kept, the others are added; again, nothing changes", async () => {
  const project = tempDir("import-kept");
  try {
    const store = await openStore(project, [demoIdentity]);
    store.values.set("cloudflare-token", "a-token-of-my-own");
    const recipient = sopsRuleKeys().get("^talos/.*\\.sops\\.ya?ml$")![0]!;
    writeFileSync(join(project, "secrets.sops.yaml"), await sealStore(store, { recipients: [recipient] }, [demoIdentity]));
    const lab = join(project, "cluster.lab");
    const run = labcImport(repoPath("out"), lab);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /holds the repository's values of tunnel-credentials, webhook-token, cluster-age-key \(/);
    assert.match(run.stdout, /kept what \S*secrets\.sops\.yaml already held for cloudflare-token \(the repository's values differ\)/);
    const got = await storeValues(project);
    assert.ok(got.get("cloudflare-token") === "a-token-of-my-own", "the store's own value is kept");
    const want = await storeValues(repoPath("examples", "homelab"));
    want.set("cloudflare-token", "a-token-of-my-own");
    assertSameValues(got, want);
    const before = readFileSync(join(project, "secrets.sops.yaml"), "utf8");
    const again = labcImport(repoPath("out"), lab, { extra: ["--force"] });
    assert.equal(again.status, 0, again.stderr);
    assert.equal(readFileSync(join(project, "secrets.sops.yaml"), "utf8"), before, "a store that already holds the values keeps its bytes");
  } finally {
    removeDir(project);
  }
});

test("import a TUNNEL_TOKEN written in cloudflared's field order: the same credentials; the Secret is reported as differing once decrypted", async () => {
  const repo = tempDir("import-token", repoPath("out"));
  const project = tempDir("import-token-project");
  try {
    const path = "kubernetes/apps/network/cloudflare-tunnel/app/secret.sops.yaml";
    const file = join(repo, path);
    const doc = (await decryptSops(readFileSync(file, "utf8"), { format: "yaml", identities: [demoIdentity] })).tree as { stringData: Record<string, string> };
    const want = await storeValues(repoPath("examples", "homelab"));
    const credentials = JSON.parse(want.get("tunnel-credentials")!) as { AccountTag: string; TunnelSecret: string; TunnelID: string };
    // `cloudflared tunnel token` writes {"a","s","t"}; labc writes {"a","t","s"}: the same token to cloudflared.
    doc.stringData["TUNNEL_TOKEN"] = Buffer.from(JSON.stringify({ a: credentials.AccountTag, s: credentials.TunnelSecret, t: credentials.TunnelID })).toString("base64");
    const recipients = sopsRuleKeys().get("^(bootstrap|kubernetes)/.*\\.sops\\.ya?ml$")!;
    writeFileSync(file, await encryptYaml(doc, { recipients, encryptedRegex: "^(data|stringData)$", macOnlyEncrypted: true }));
    const result = await importRepository(repo, { targetDir: project, env });
    assert.deepEqual(result.store.missing, []);
    assert.ok(result.store.imported.includes("tunnel-credentials"));
    writeFileSync(join(project, "secrets.sops.yaml"), result.store.storeText!);
    assert.ok((await storeValues(project)).get("tunnel-credentials") === want.get("tunnel-credentials"), "the credentials the token was made from");
    assert.deepEqual(result.store.check?.differing, [path]);
  } finally {
    removeDir(repo);
    removeDir(project);
  }
});

/** The decrypted documents of a SOPS file, opened with the demo key. */
async function plaintext(path: string): Promise<unknown[]> {
  return (await decryptSops(readFileSync(path, "utf8"), { format: "yaml", identities: [demoIdentity] })).documents;
}

test("import a cluster-template-like tree (Flux decrypts with the operator's key): the store gets the values, a build makes Flux its own key and reproduces every app Secret's plaintext", async () => {
  // out/ as cluster-template would have it: no Flux key of its own in .sops.yaml, every Kubernetes
  // secret encrypted to the operator alone, and sops-age holding the operator's key.
  const repo = tempDir("import-ct", repoPath("out"));
  const project = tempDir("import-ct-project");
  const built = tempDir("import-ct-out");
  try {
    const flux = clusterFluxRecipient();
    const sopsConfig = parse(readFileSync(join(repo, ".sops.yaml"), "utf8")) as { creation_rules: { key_groups: { age: string[] }[] }[] };
    for (const rule of sopsConfig.creation_rules) for (const group of rule.key_groups) group.age = group.age.filter((r) => r !== flux);
    writeFileSync(join(repo, ".sops.yaml"), stringify(sopsConfig));
    const operator = sopsConfig.creation_rules[0]!.key_groups[0]!.age;
    const secretFiles = listFiles(join(repo, "kubernetes")).filter((f) => f.endsWith(".sops.yaml")).map((f) => join("kubernetes", f));
    for (const file of secretFiles) {
      const [doc] = (await plaintext(join(repo, file))) as { stringData?: Record<string, string> }[];
      if (file.endsWith("sops-age.sops.yaml")) doc!.stringData!["age.agekey"] = demoIdentity;
      writeFileSync(join(repo, file), await encryptYaml(doc, { recipients: operator, encryptedRegex: "^(data|stringData)$", macOnlyEncrypted: true }));
    }
    const lab = join(project, "cluster.lab");
    const run = labcImport(repo, lab);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /holds the repository's values of cloudflare-token, tunnel-credentials, webhook-token \(/);
    assert.match(run.stdout, /with the imported values, 4 of 4 encrypted Secrets decrypt to the repository's plaintext/);
    assert.doesNotMatch(run.stdout, /Flux key|labc secret set|could not read/, "an operator's key in sops-age is not taken for Flux's own");
    const want = await storeValues(repoPath("examples", "homelab"));
    want.delete("cluster-age-key");
    assertSameValues(await storeValues(project), want);

    const report = await build({ entry: lab, out: built, cwd: repoRoot, env, lockWaitMs: SHARED_FIXTURE_WAIT });
    assert.deepEqual(report.diagnostics.filter((d) => d.severity === "error").map((d) => d.message), []);
    assert.ok(report.written);
    assert.ok((await storeValues(project)).has("cluster-age-key"), "the build made Flux its own key");
    const apps = secretFiles.filter((f) => f.startsWith("kubernetes/apps/"));
    assert.equal(apps.length, 4);
    for (const file of apps) assert.ok(isDeepStrictEqual(await plaintext(join(built, file)), await plaintext(join(repo, file))), `${file}: the same plaintext`);
  } finally {
    for (const dir of [repo, project, built]) removeDir(dir);
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
    assert.equal(result.store.storeText, undefined);
    assert.deepEqual(result.store.missing.map((m) => m.name), ["cloudflare-token", "tunnel-credentials", "webhook-token", "cluster-age-key"]);
    assert.ok(result.store.missing.every((m) => m.why.startsWith("no age key found")));
    assert.ok(result.verification.notGenerated.includes("kubernetes/apps/default/raw/app/deployment.yaml"));
    assert.ok(result.verification.differing.includes("talos/talconfig.yaml"));
  } finally {
    removeDir(repo);
  }
});

test("import leaves out values the chart has no key for (cluster-template's Cilium cgroup.automount), saying which key it has", async () => {
  const repo = tempDir("import-unknown-key", repoPath("out"));
  try {
    const release = join(repo, "kubernetes/apps/kube-system/cilium/app/helmrelease.yaml");
    const text = readFileSync(release, "utf8");
    const typo = text.replace("      autoMount:\n", "      automount:\n");
    assert.notEqual(typo, text, "the fixture names cgroup.autoMount");
    writeFileSync(release, typo);
    const result = await importRepository(repo, { env: { HOME: repo } });
    assert.ok(result.unmapped.some((u) => /values\.cgroup\.automount is no key of the cilium chart \(it has cgroup\.autoMount\), so Helm ignored it; left out/.test(u)), result.unmapped.join("\n"));
    assert.doesNotMatch(result.text, /automount/, "the imported cluster.lab checks: the unknown key is not in it");
  } finally {
    removeDir(repo);
  }
});
