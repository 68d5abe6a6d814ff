import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { Document } from "yaml";
import { Reporter } from "../../../lang/diagnostics/reporter.js";
import type { Span } from "../../../lang/diagnostics/span.js";
import { build } from "../../../compiler/build/build.js";
import { scanForLeaks, type ScannedFile } from "../../../compiler/build/leak-scan.js";
import { encryptYaml } from "../../../compiler/secrets/sops/index.js";
import { toYaml } from "../../../compiler/yaml/to-yaml.js";
import { KUBERNETES_ENCRYPTED_REGEX } from "../../../compiler/model/sops-rules.js";
import { repoPath } from "../../support/paths.js";
import { removeDir, tempDir } from "../../support/tree.js";

const at: Span = { file: "cluster.lab", start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 2, offset: 1 } };

/** The files the scan refuses, for one secret `s` with value `value`. */
function leaks(files: readonly ScannedFile[], value: string): string[] {
  const r = new Reporter();
  scanForLeaks(files, new Map([["s", value]]), new Map(), at, r);
  for (const d of r.diagnostics) {
    assert.equal(d.code, "LAB4003");
    assert.ok(!d.message.includes(value), "the message never quotes the value");
  }
  return r.diagnostics.map((d) => /written to (\S+),/.exec(d.message)?.[1] ?? d.message);
}

const helmRelease = (values: unknown) => toYaml([{ apiVersion: "helm.toolkit.fluxcd.io/v2", kind: "HelmRelease", metadata: { name: "x" }, spec: { values } }]);

test("a secret the YAML writer escapes, quotes or puts in a block is found in the parsed scalars", () => {
  const cases: [string, string][] = [
    [`LEAKME: "x" # y'z`, "quotes, a colon and a hash: double-quoted with \\\""],
    ["tok\u0001en-secret", "a control character: written \\x01"],
    ["pässwört\u2028zwei", "a line separator: written \\u2028"],
    ["abc\ndef", "a multi-line value in a block scalar, lines indented and too short to scan alone"],
    ["line one of it\n\tand two", "a block scalar with a tab"],
    ["yes", "too short: never scanned (MIN_LENGTH)"],
  ];
  for (const [value, why] of cases) {
    const text = helmRelease({ env: { TOKEN: value } });
    const expected = value.length >= 6 ? ["kubernetes/app/helmrelease.yaml"] : [];
    if (value.length >= 6 && value !== "line one of it\n\tand two") assert.ok(!text.includes(value.trim()), `${why}: the text itself does not hold the value (a substring scan misses it)`);
    assert.deepEqual(leaks([{ path: "kubernetes/app/helmrelease.yaml", content: text }], value), expected, why);
  }
});

test("keys, later documents, comments, folded and hand-escaped scalars are scanned", () => {
  const secret = "hunter2-correct horse";
  const files: ScannedFile[] = [
    { path: "a/key.yaml", content: toYaml([{ a: 1 }, { values: { [secret]: true } }]) },
    { path: "a/comment.yaml", content: `a: 1\n# ${secret}\n` },
    { path: "a/folded.yaml", content: "a: >-\n  hunter2-correct\n  horse\n" },
    { path: "a/plain-multiline.yml", content: "a: hunter2-correct\n   horse\n" },
    { path: "a/escaped.yaml", content: 'a: "\\x68unter2-correct\\x20horse"\n' },
    { path: "a/single.yaml", content: "a: 'hunter2-correct horse'\n" },
    { path: "a/continued.yaml", content: 'a: "hunter2-cor\\\n  rect horse"\n' },
    { path: "a/clean.yaml", content: toYaml([{ a: "hunter2-correct", b: "horse" }]) },
  ];
  assert.deepEqual(leaks(files, secret), ["a/key.yaml", "a/comment.yaml", "a/folded.yaml", "a/plain-multiline.yml", "a/escaped.yaml", "a/single.yaml", "a/continued.yaml"]);
});

test("files that are not YAML are searched as text, JSON-escaped forms included", () => {
  const secret = 'json"quoted\\token';
  const files: ScannedFile[] = [
    { path: "README.md", content: `the token is ${secret}\n` },
    { path: ".renovaterc.json5", content: `{ token: ${JSON.stringify(secret)} }\n` },
    { path: ".mise.toml", content: "[env]\nx = 1\n" },
  ];
  assert.deepEqual(leaks(files, secret), ["README.md", ".renovaterc.json5"]);
});

test("SOPS files: ciphertext never matches, the unencrypted rest is scanned", async () => {
  const recipient = readFileSync(repoPath("examples", "homelab", "age.key"), "utf8").match(/age1[0-9a-z]+/)![0];
  const secretTree = (annotation: string) => ({ apiVersion: "v1", kind: "Secret", metadata: { name: "s", annotations: { note: annotation } }, stringData: { token: "the-secret-value" } });
  const clean = await encryptYaml(secretTree("nothing"), { recipients: [recipient], encryptedRegex: KUBERNETES_ENCRYPTED_REGEX, macOnlyEncrypted: true });
  const leaky = await encryptYaml(secretTree("the-secret-value"), { recipients: [recipient], encryptedRegex: KUBERNETES_ENCRYPTED_REGEX, macOnlyEncrypted: true });
  assert.deepEqual(leaks([{ path: "k/secret.sops.yaml", content: clean }, { path: "k/leaky.sops.yaml", content: leaky }], "the-secret-value"), ["k/leaky.sops.yaml"]);

  // Text that happens to sit inside ciphertext (a value's ENC[…], a data key's `enc` armor) is not a leak.
  const enc = clean.match(/ENC\[AES256_GCM,data:([^,]+),/)![1]!;
  const armor = clean.match(/-----BEGIN AGE ENCRYPTED FILE-----\n\s+(\S+)/)![1]!;
  assert.deepEqual(leaks([{ path: "k/secret.sops.yaml", content: clean }], enc), []);
  assert.deepEqual(leaks([{ path: "k/secret.sops.yaml", content: clean }], armor), []);
  // …while the same text outside a SOPS document is.
  assert.deepEqual(leaks([{ path: "k/plain.yaml", content: toYaml([{ a: enc }]) }], enc), ["k/plain.yaml"]);
  // Keys are never encrypted by sops: a secret used as a key is a leak even in a SOPS file.
  const keyed = await encryptYaml({ stringData: { "the-secret-value": "x" } }, { recipients: [recipient], encryptedRegex: KUBERNETES_ENCRYPTED_REGEX, macOnlyEncrypted: true });
  assert.deepEqual(leaks([{ path: "k/keyed.sops.yaml", content: keyed }], "the-secret-value"), ["k/keyed.sops.yaml"]);
});

test("whatever the writer's style, a value it wrote is found (property)", () => {
  const styles = [
    {},
    { lineWidth: 20, minContentWidth: 0 },
    { defaultStringType: "QUOTE_DOUBLE" as const, lineWidth: 24, minContentWidth: 0 },
    { defaultStringType: "QUOTE_SINGLE" as const, lineWidth: 24, minContentWidth: 0 },
    { blockQuote: "folded" as const, lineWidth: 24, minContentWidth: 0 },
  ];
  const unit = fc.constantFrom(..."ab c'\"\\#:-\n\t\u00e9\u2028\u0085\u0001x".split(""));
  fc.assert(
    fc.property(fc.string({ unit, minLength: 6, maxLength: 60 }), fc.constantFrom(...styles), fc.boolean(), (value, style, asKey) => {
      fc.pre(value.trim().length >= 6);
      const doc = new Document({ spec: { values: asKey ? { [value]: 1 } : { k: value } } });
      const content = doc.toString(style);
      assert.deepEqual(leaks([{ path: "f.yaml", content }], value), ["f.yaml"], JSON.stringify({ value, content }));
    }),
    // A fixed seed keeps CI deterministic; FC_SEED explores others. The example is one such a run
    // found: the writer folds U+2028 into a block scalar, and the reader takes it for a line break.
    { numRuns: 1500, seed: Number(process.env["FC_SEED"] ?? 20261203), examples: [[" aaa \u2028\na", styles[4]!, false]] },
  );
});

test("labc build refuses a secret that reaches a HelmRelease in escaped form", async () => {
  const dir = tempDir("leak");
  try {
    for (const f of ["cluster.lab", "secrets.sops.yaml", "talsecret.sops.yaml"]) copyFileSync(repoPath("examples", "homelab", f), join(dir, f));
    const value = `LEAKME: "x" # y'z`;
    const lab = readFileSync(join(dir, "cluster.lab"), "utf8")
      .replace("secret cloudflare-token   = store()", 'secret cloudflare-token   = env("LABC_TEST_LEAK")')
      .replace('LOG_IGNORE_PATH     = "/healthz"', `LOG_IGNORE_PATH     = "/healthz"  TOKEN = ${JSON.stringify(value)}`);
    writeFileSync(join(dir, "cluster.lab"), lab);
    const env = { PATH: process.env["PATH"], SOPS_AGE_KEY_FILE: repoPath("examples", "homelab", "age.key"), LABC_TEST_LEAK: value };
    const report = await build({ entry: join(dir, "cluster.lab"), out: join(dir, "out"), cwd: dir, env });
    const leak = report.diagnostics.find((d) => d.code === "LAB4003");
    assert.ok(leak, report.diagnostics.map((d) => `${d.code} ${d.message}`).join("\n"));
    assert.match(leak.message, /cloudflare-token/);
    assert.match(leak.message, /echo\/app\/helmrelease\.yaml/);
    assert.equal(existsSync(join(dir, "out")), false);
  } finally {
    removeDir(dir);
  }
});
