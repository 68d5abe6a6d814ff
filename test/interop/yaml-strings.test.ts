import { test } from "node:test";
import assert from "node:assert/strict";

import { toYaml } from "../../compiler/yaml/to-yaml.js";
import { MISREAD_PLAIN, MUST_ESCAPE, STAY_PLAIN } from "../compiler/yaml/strings.js";
import { kubeconform, rejected } from "./support/kubeconform-cli.js";
import { assertSopsOk, demoKeyFile, sops } from "./support/sops-cli.js";
import { toolOptions } from "./support/tools.js";
import { removeDir, tempDir } from "../support/tree.js";

/**
 * The strings of test/compiler/yaml/strings.ts, written by labc's YAML writer, read by real Go
 * readers: kubeconform (sigs.k8s.io/yaml over go-yaml v2, what kubectl and Helm use) must see a
 * string for each, and sops (go-yaml v3) must hand every one back byte for byte, keys included.
 */
const ALL = [...MISREAD_PLAIN.map(([s]) => s), ...MUST_ESCAPE.map(([s]) => s), ...STAY_PLAIN];
const demoRecipient = "age1m4acj4mjupv5wgxtruey44wpq34tqkk7hkkj77566vy0t80gqfmsdmpcvk";

/** YAML through sops encrypt (which parses it with go-yaml v3), then decrypt to JSON: what Go read. */
function readByGoYamlV3(yaml: string): Record<string, unknown> {
  const cwd = tempDir("yaml-strings");
  try {
    const encrypted = sops(["encrypt", "--filename-override", "strings.yaml", "--age", demoRecipient], { cwd, input: yaml });
    assertSopsOk(encrypted, "encrypt");
    const decrypted = sops(["decrypt", "--input-type", "yaml", "--output-type", "json"], { cwd, keyFile: demoKeyFile, input: encrypted.stdout });
    assertSopsOk(decrypted, "decrypt");
    const { sops: _metadata, ...data } = JSON.parse(decrypted.stdout) as Record<string, unknown>;
    return data;
  } finally {
    removeDir(cwd);
  }
}

test("go-yaml v3 (inside sops) reads every string back unchanged, as a value and as a key", toolOptions("sops"), () => {
  // The harness tells the difference: the same text written plain comes back as other types.
  assert.deepEqual(readByGoYamlV3("a: 1_000\nb: 0b101\nc: 2001-12-14\n"), { a: 1000, b: 5, c: "2001-12-14T00:00:00Z" });

  const values = Object.fromEntries(ALL.map((s, i) => [`k${i}`, s]));
  assert.deepEqual(readByGoYamlV3(toYaml([values])), values);
  // go-yaml v3 takes any `<<` key for a merge, quoted or tagged (`"<<"`, `'<<'`, `!!str <<`
  // all fail with "map merge requires map"), so no writer can give it that key.
  const keys = Object.fromEntries(ALL.filter((s) => s !== "<<").map((s, i) => [s, `v${i}`]));
  assert.deepEqual(readByGoYamlV3(toYaml([keys])), keys);
});

test("kubeconform (sigs.k8s.io/yaml, go-yaml v2) reads every string as a string", toolOptions("kubeconform"), () => {
  const configMap = (data: Record<string, string>) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "strings" }, data });
  // The harness tells the difference: a plain 1_000 is a number to it, a raw U+2028 breaks it.
  for (const bad of ["k: 1_000", "k: 0b101", "k: a\u2028b"]) {
    const { report } = kubeconform(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\ndata:\n  ${bad}\n`);
    assert.equal(rejected(report).length, 1, `${JSON.stringify(bad)} is misread when written plain`);
  }
  const { report } = kubeconform(toYaml([configMap(Object.fromEntries(ALL.map((s, i) => [`k${i}`, s])))]));
  assert.deepEqual(rejected(report), []);
  assert.equal(report.summary.valid, 1);
});
