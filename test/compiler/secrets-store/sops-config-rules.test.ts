import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "yaml";
import { renderSopsConfig } from "../../../compiler/emit/repo/sops-config.js";
import { homelabCluster } from "../../support/homelab-model.js";
import { emitRepo } from "../../../compiler/emit/repo/index.js";

/**
 * `.sops.yaml` as plain `sops` reads it: the first creation rule whose path_regex matches the path
 * relative to the file wins. Checked for the one `labc init` writes beside cluster.lab and the
 * one in a generated repository, on every kind of file labc writes.
 */

interface Rule {
  path_regex?: string;
  encrypted_regex?: string;
  mac_only_encrypted?: boolean;
  age?: string;
  key_groups?: { age: string[] }[];
}

function firstRule(config: string, path: string): Rule | undefined {
  const rules = (parse(config) as { creation_rules: Rule[] }).creation_rules;
  return rules.find((r) => r.path_regex === undefined || new RegExp(r.path_regex).test(path));
}

const WHOLE = "every value";
const K8S = "^(data|stringData)$";

function selectorOf(rule: Rule | undefined): string | undefined {
  if (!rule) return undefined;
  return rule.encrypted_regex ?? WHOLE;
}

test("the .sops.yaml labc init writes: the store and the bundle whole, talos/ whole, bootstrap/ and kubernetes/ Secrets by data/stringData", () => {
  const config = renderSopsConfig({ keyGroups: [["age1aaa", "age1bbb"]], shamirThreshold: 1 });
  const expect: Record<string, string | undefined> = {
    "secrets.sops.yaml": WHOLE,
    "talsecret.sops.yaml": WHOLE,
    "talos/talsecret.sops.yaml": WHOLE,
    "bootstrap/github-deploy-key.sops.yaml": K8S,
    "kubernetes/apps/cert-manager/cert-manager/app/secret.sops.yaml": K8S,
    "kubernetes/apps/talos/talos-backup/app/secret.sops.yaml": K8S,
    "kubernetes/apps/x/y/app/secrets.sops.yaml": K8S,
    "apps/secrets.sops.yaml": undefined,
    "notes.yaml": undefined,
  };
  for (const [path, selector] of Object.entries(expect)) assert.equal(selectorOf(firstRule(config, path)), selector, path);
  for (const rule of (parse(config) as { creation_rules: Rule[] }).creation_rules) {
    assert.equal(rule.mac_only_encrypted, true, "as labc writes them, so sops keeps the same MAC mode");
    assert.deepEqual(rule.key_groups, [{ age: ["age1aaa", "age1bbb"] }]);
  }
  assert.equal((parse(config) as { stores: { yaml: { indent: number } } }).stores.yaml.indent, 2, "sops edit keeps labc's indentation");
});

test("a build in place keeps every rule labc init wrote: the same file, the cluster key added for Flux", async () => {
  const init = parse(renderSopsConfig({ keyGroups: [["age1aaa"]], shamirThreshold: 1 })) as { creation_rules: Rule[] };
  const files = await emitRepo(homelabCluster({ recipients: ["age1aaa"], keyGroups: [["age1aaa"]] }), { labcVersion: "0.0.0", clusterRecipient: "age1flux" });
  const built = parse((files.find((f) => f.path === ".sops.yaml") as { content: string }).content) as { creation_rules: Rule[] };
  assert.deepEqual(built.creation_rules.map((r) => r.path_regex), init.creation_rules.map((r) => r.path_regex));
  assert.deepEqual(built.creation_rules.map((r) => r.key_groups), [[{ age: ["age1aaa"] }], [{ age: ["age1aaa"] }], [{ age: ["age1aaa", "age1flux"] }]]);
});

test("the generated repository's .sops.yaml: talos/ whole, bootstrap/ and kubernetes/ by data/stringData", async () => {
  const files = await emitRepo(homelabCluster(), { labcVersion: "0.0.0" });
  const config = files.find((f) => f.path === ".sops.yaml")!;
  assert.equal(config.kind, "text");
  const text = config.kind === "text" ? config.content : "";
  const expect: Record<string, string | undefined> = {
    "talos/talsecret.sops.yaml": WHOLE,
    "bootstrap/github-deploy-key.sops.yaml": K8S,
    "kubernetes/components/common/sops/sops-age.sops.yaml": K8S,
    "kubernetes/apps/talos/x/app/secret.sops.yaml": K8S,
  };
  for (const [path, selector] of Object.entries(expect)) assert.equal(selectorOf(firstRule(text, path)), selector, path);
  assert.equal((parse(text) as { stores: { yaml: { indent: number } } }).stores.yaml.indent, 2);
});
