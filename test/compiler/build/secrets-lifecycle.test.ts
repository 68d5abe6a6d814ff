import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { build } from "../../../compiler/build/build.js";
import { listFiles, readTree, removeDir } from "../../support/tree.js";
import { repoPath } from "../../support/paths.js";
import { independentDecrypt } from "../secrets/support/independent-sops.js";
import { ageKeygen } from "../secrets/support/age-cli.js";
import { identityToRecipient } from "../../../compiler/secrets/age/index.js";
import { openStore, sealStore } from "../../../compiler/secrets-store/store.js";
import { copyExample, quietChange, dataKeyOf, demoIdentity, demoKeyFile, demoRecipient, fixtureSecrets, labc, recipientsOf } from "../secrets-store/support/secret-project.js";

/** The secrets lifecycle at build level: quiet diffs, recipient changes, the deploy key. */

async function buildIn(dir: string, env: NodeJS.ProcessEnv = {}) {
  const report = await build({ entry: join(dir, "cluster.lab"), out: join(dir, "out"), cwd: dir, env: { PATH: process.env["PATH"], HOME: dir, SOPS_AGE_KEY_FILE: demoKeyFile, ...fixtureSecrets, ...env } });
  assert.deepEqual(report.diagnostics.filter((d) => d.severity === "error").map((d) => d.message), []);
  assert.ok(report.written, "the build wrote its output");
  return report;
}

function sopsFiles(dir: string): Map<string, string> {
  const all = readTree(dir);
  const out = new Map<string, string>();
  for (const [path, text] of all) if (path.endsWith(".sops.yaml") && !path.endsWith("/.sops.yaml") && path !== ".sops.yaml") out.set(path, text);
  return out;
}

test("changing one store value changes only that value's ciphertext, the MAC and lastmodified in the Secrets that use it", async () => {
  const dir = copyExample("homelab");
  try {
    await buildIn(dir);
    const before = readTree(join(dir, "out"));
    const set = labc(["secret", "set", "cloudflare-token"], { cwd: dir, env: { SOPS_AGE_KEY_FILE: demoKeyFile }, input: "a-new-cloudflare-token-0042" });
    assert.equal(set.code, 0, set.stderr);
    const report = await buildIn(dir);
    assert.deepEqual([...report.written!.changed].sort(), [
      "kubernetes/apps/cert-manager/cert-manager/app/secret.sops.yaml",
      "kubernetes/apps/network/cloudflare-dns/app/secret.sops.yaml",
    ]);
    const after = readTree(join(dir, "out"));
    for (const path of report.written!.changed) {
      assert.deepEqual(quietChange(before.get(path)!, after.get(path)!), ["api-token", "mac"], path);
      const text = after.get(path)!;
      const doc = independentDecrypt(text, dataKeyOf(text, demoIdentity)).documents[0] as { stringData: Record<string, string> };
      assert.equal(doc.stringData["api-token"], "a-new-cloudflare-token-0042");
      assert.ok(dataKeyOf(text, demoIdentity).equals(dataKeyOf(before.get(path)!, demoIdentity)), `${path} keeps its data key`);
    }
  } finally {
    removeDir(dir);
  }
});

/** One value of the project's store, opened with the demo key by the independent decrypter. */
function storeValue(dir: string, name: string): string {
  const text = readFileSync(join(dir, "secrets.sops.yaml"), "utf8");
  return (independentDecrypt(text, dataKeyOf(text, demoIdentity)).documents[0] as Record<string, string>)[name]!;
}

test("a recipient change re-wraps every file with a fresh data key; a removed recipient cannot read later versions", async () => {
  const second = ageKeygen();
  const secondRecipient = await identityToRecipient(second);
  const withBoth = (lab: string) => lab.replace(`recipients = ["${demoRecipient}"]`, `recipients = ["${demoRecipient}", "${secondRecipient}"]`);
  const dir = copyExample("homelab");
  try {
    await buildIn(dir);
    // Flux's own key is a recipient of the Kubernetes secrets whoever else is.
    const flux = await identityToRecipient(storeValue(dir, "cluster-age-key"));
    const plus = (path: string, recipients: string[]) => (path.startsWith("out/kubernetes/") || path.startsWith("out/bootstrap/") ? [...recipients, flux] : recipients).sort();
    const lab = readFileSync(join(dir, "cluster.lab"), "utf8");
    writeFileSync(join(dir, "cluster.lab"), withBoth(lab));
    assert.notEqual(withBoth(lab), lab);
    const added = await buildIn(dir);
    const drift = added.diagnostics.find((d) => d.code === "LAB4006");
    assert.ok(drift, "LAB4006 names the files that were encrypted to other recipients");
    assert.match(drift.message, /secrets\.sops\.yaml/);
    const files = new Map([...sopsFiles(join(dir, "out"))].map(([p, t]) => [`out/${p}`, t]));
    files.set("secrets.sops.yaml", readFileSync(join(dir, "secrets.sops.yaml"), "utf8"));
    files.set("talsecret.sops.yaml", readFileSync(join(dir, "talsecret.sops.yaml"), "utf8"));
    const seen = new Map<string, Buffer>();
    for (const [path, text] of files) {
      assert.deepEqual(recipientsOf(text).sort(), plus(path, [demoRecipient, secondRecipient]), path);
      seen.set(path, dataKeyOf(text, second));
    }

    writeFileSync(join(dir, "cluster.lab"), lab);
    const removed = await buildIn(dir);
    assert.ok(removed.diagnostics.some((d) => d.code === "LAB4006"));
    for (const path of seen.keys()) {
      const text = readFileSync(join(dir, path), "utf8");
      assert.deepEqual(recipientsOf(text).sort(), plus(path, [demoRecipient]), path);
      assert.throws(() => dataKeyOf(text, second), Error, `${path}: the removed recipient cannot unwrap the data key`);
      const key = dataKeyOf(text, demoIdentity);
      assert.ok(!key.equals(seen.get(path)!), `${path}: the data key the removed recipient saw is gone`);
      assert.throws(() => independentDecrypt(text, seen.get(path)!), Error, `${path}: the old data key decrypts nothing`);
    }
    const again = await buildIn(dir);
    assert.equal(again.diagnostics.filter((d) => d.code === "LAB4006").length, 0, "no drift once rebuilt");
    assert.equal(again.written!.changed.length, 0);
  } finally {
    removeDir(dir);
  }
});

test("a private repository's deploy key: made once, OpenSSH format, GitHub's host keys, read by the age CLI and an independent decoder", async () => {
  const dir = copyExample("ha");
  try {
    // Drop the example's key, so this build makes one (no Git here holds a copy that would stop it).
    const store = await openStore(dir, [demoIdentity]);
    assert.ok(store.values.delete("github-deploy-key"));
    writeFileSync(join(dir, "secrets.sops.yaml"), await sealStore(store, { keyGroups: [[demoRecipient]], shamirThreshold: 1 }, [demoIdentity]));
    const first = await buildIn(dir);
    const note = first.notes.find((n) => n.includes("deploy key"));
    assert.ok(note, first.notes.join("\n"));
    assert.match(note, /https:\/\/github\.com\/owner\/lab-ops\/settings\/keys/);
    const text = readFileSync(join(dir, "out", "bootstrap", "github-deploy-key.sops.yaml"), "utf8");
    const doc = independentDecrypt(text, dataKeyOf(text, demoIdentity)).documents[0] as {
      metadata: { name: string; namespace: string };
      stringData: { identity: string; "identity.pub": string; known_hosts: string };
    };
    assert.deepEqual(doc.metadata, { name: "github-deploy-key", namespace: "flux-system" });
    assert.match(doc.stringData.identity, /^-----BEGIN OPENSSH PRIVATE KEY-----\n[\s\S]+\n-----END OPENSSH PRIVATE KEY-----\n$/);
    assert.ok(note.includes(doc.stringData["identity.pub"].trim()), "the note shows the key's public half");
    assert.deepEqual(doc.stringData.known_hosts.trim().split("\n").map((l) => l.split(" ").slice(0, 2).join(" ")), ["github.com ssh-ed25519", "github.com ecdsa-sha2-nistp256", "github.com ssh-rsa"]);
    const keyFile = join(dir, "deploy.key");
    writeFileSync(keyFile, doc.stringData.identity, { mode: 0o600 });
    const derived = spawnSync("ssh-keygen", ["-y", "-f", keyFile], { encoding: "utf8" });
    if (derived.error === undefined) {
      assert.equal(derived.status, 0, derived.stderr);
      assert.equal(derived.stdout.trim().split(" ").slice(0, 2).join(" "), doc.stringData["identity.pub"].trim().split(" ").slice(0, 2).join(" "));
    }
    writeFileSync(join(dir, "known_hosts"), doc.stringData.known_hosts);
    const hostKeys = spawnSync("ssh-keygen", ["-l", "-f", join(dir, "known_hosts")], { encoding: "utf8" });
    if (hostKeys.error === undefined) {
      for (const fp of ["+DiY3wvvV6TuJJhbpZisF/zLDA0zPMSvHdkr4UvCOqU", "p2QAMXNIC1TJYWeIOttrVc98/R1BUFWu3/LiyKgUfQM", "uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s"]) {
        assert.ok(hostKeys.stdout.includes(`SHA256:${fp}`), `GitHub's published fingerprint ${fp}`);
      }
    }
    const release = readFileSync(join(dir, "out", "kubernetes", "apps", "flux-system", "flux-instance", "app", "helmrelease.yaml"), "utf8");
    const flux = parseAllDocuments(release).map((d) => d.toJS() as { kind: string }).find((d) => d.kind === "HelmRelease") as unknown as { spec: { values: { instance: { sync: { pullSecret: string; url: string } } } } };
    assert.equal(flux.spec.values.instance.sync.pullSecret, "github-deploy-key");
    assert.match(flux.spec.values.instance.sync.url, /^ssh:\/\/git@github\.com\//);

    const second = await buildIn(dir);
    assert.equal(second.written!.changed.length, 0, "the key is kept, not made again");
    assert.ok(!second.notes.some((n) => n.includes("deploy key")));
  } finally {
    removeDir(dir);
  }
});

test("a public repository gets no deploy key", async () => {
  const dir = copyExample("homelab");
  try {
    await buildIn(dir);
    assert.ok(![...readTree(join(dir, "out")).keys()].some((p) => p.includes("deploy-key")));
  } finally {
    removeDir(dir);
  }
});

test("every secret file of both examples' committed trees decrypts with the age CLI and an independent decoder", () => {
  for (const root of [repoPath("out"), repoPath("test", "fixtures", "example-ha", "expected")]) {
    const files = listFiles(root).filter((f) => f.endsWith(".sops.yaml") && !/(^|\/)\.sops\.yaml$/.test(f));
    assert.ok(files.length >= 7, `${root}: ${files.join(", ")}`);
    for (const f of files) {
      const text = readFileSync(join(root, f), "utf8");
      const key = dataKeyOf(text, demoIdentity);
      assert.equal(key.length, 32, f);
      assert.equal(independentDecrypt(text, key).documents.length, 1, f);
    }
  }
  for (const example of ["homelab", "ha"]) {
    for (const f of ["secrets.sops.yaml", "talsecret.sops.yaml"]) {
      const text = readFileSync(repoPath("examples", example, f), "utf8");
      independentDecrypt(text, dataKeyOf(text, demoIdentity));
    }
  }
});
