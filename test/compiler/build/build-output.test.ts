import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, existsSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { parse } from "yaml";
import { build } from "../../../compiler/build/build.js";
import { listFiles, readTree, removeDir, tempDir } from "../../support/tree.js";
import { repoPath, repoRoot } from "../../support/paths.js";
import { validateTree } from "../../support/validate-tree.js";
import { ageCliDecrypt } from "../secrets/support/age-cli.js";
import { independentDecrypt } from "../secrets/support/independent-sops.js";

/**
 * The homelab example built for real, then checked by tools that are not labc: the upstream
 * schemas, kubectl kustomize, Debian's age CLI and an independent SOPS decoder.
 */
const demoKeyFile = repoPath("examples", "homelab", "age.key");
const demoIdentity = readFileSync(demoKeyFile, "utf8").split("\n").find((l) => l.startsWith("AGE-SECRET-KEY-"))!;
const env = { ...process.env, SOPS_AGE_KEY_FILE: demoKeyFile, SOPS_AGE_KEY: "" };
let out: string;

before(async () => {
  out = tempDir("build-output");
  const report = await build({ entry: "examples/homelab/cluster.lab", out, cwd: repoRoot, env });
  assert.deepEqual(report.diagnostics.filter((d) => d.severity === "error").map((d) => d.message), []);
});
after(() => removeDir(out));

test("every generated YAML file validates against the upstream schemas", () => {
  const result = validateTree(out);
  assert.equal(result.status, 0, result.output);
});

test("yamllint's default rules accept every YAML file (line length and document start aside)", () => {
  // Long lines are URLs and keys; talhelper patch files start without `---`, as cluster-template's.
  const config = "{extends: default, rules: {line-length: disable, document-start: disable}}";
  const run = spawnSync("yamllint", ["-f", "parsable", "-d", config, out], { encoding: "utf8" });
  assert.notEqual(run.error?.message.includes("ENOENT"), true, "yamllint is not installed (apt-get install yamllint; .ci/run does)");
  assert.equal(run.status, 0, run.stdout + run.stderr);
});

test("kubectl kustomize builds every kustomization directory", () => {
  const dirs = listFiles(out).filter((f) => f.endsWith("/kustomization.yaml") && f.startsWith("kubernetes/")).map((f) => dirname(f));
  assert.ok(dirs.length >= 10, `only ${dirs.length} kustomizations`);
  for (const dir of dirs) {
    // A Component is built through the namespace layer that includes it, not on its own.
    if (/^kind:\s*Component/m.test(readFileSync(join(out, dir, "kustomization.yaml"), "utf8"))) continue;
    const run = spawnSync("kubectl", ["kustomize", join(out, dir)], { encoding: "utf8" });
    assert.equal(run.status, 0, `${dir}: ${run.stderr}`);
  }
});

test("every secret file decrypts with the age CLI and an independent SOPS decoder", () => {
  const secrets = listFiles(out).filter((f) => f.endsWith(".sops.yaml") && !/(^|\/)\.sops\.yaml$/.test(f));
  assert.ok(secrets.length >= 6, secrets.join(", "));
  for (const file of secrets) {
    const text = readFileSync(join(out, file), "utf8");
    const doc = parse(text) as { sops: { age: { enc: string }[]; mac_only_encrypted?: boolean; encrypted_regex?: string } };
    assert.equal(doc.sops.mac_only_encrypted, true, file);
    if (file.startsWith("kubernetes/") || file.startsWith("bootstrap/")) assert.equal(doc.sops.encrypted_regex, "^(data|stringData)$", file);
    const dataKey = ageCliDecrypt(doc.sops.age[0]!.enc, demoIdentity);
    assert.equal(dataKey.length, 32, file);
    // Throws on a wrong value or MAC.
    const result = independentDecrypt(text, dataKey);
    assert.equal(result.documents.length, 1, `${file}: one document per file`);
    assert.equal(statSync(join(out, file)).mode & 0o777, 0o600, `${file} should be 0600`);
  }
});

test("no plaintext secret value appears anywhere in the output tree", () => {
  const store = readFileSync(repoPath("examples", "homelab", "secrets.sops.yaml"), "utf8");
  const doc = parse(store) as { sops: { age: { enc: string }[] } };
  const values = independentDecrypt(store, ageCliDecrypt(doc.sops.age[0]!.enc, demoIdentity)).documents[0] as Record<string, unknown>;
  const plaintexts = [...Object.values(values).map(String), demoIdentity];
  const tunnel = JSON.parse(String(values["tunnel-credentials"])) as { TunnelSecret: string; AccountTag: string };
  plaintexts.push(tunnel.TunnelSecret, tunnel.AccountTag);
  for (const [file, text] of readTree(out)) {
    for (const secret of plaintexts) assert.ok(!text.includes(secret), `${file} holds a secret's plaintext`);
  }
});

test("a rebuild over the output changes no byte", async () => {
  const before = readTree(out);
  const report = await build({ entry: "examples/homelab/cluster.lab", out, cwd: repoRoot, env });
  assert.equal(report.written?.changed.length, 0, report.written?.changed.join(", "));
  assert.deepEqual(readTree(out), before);
});

test("out/ in the repository is the committed build of the homelab example", () => {
  // The golden test rebuilds over it byte for byte; here only its presence and shape.
  assert.ok(existsSync(repoPath("out", "kubernetes", "flux", "cluster", "ks.yaml")));
  assert.deepEqual(listFiles(repoPath("out")), listFiles(out));
});
