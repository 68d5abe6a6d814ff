import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "yaml";
import { projectSopsConfig } from "../../../compiler/secrets-store/project-sops-config.js";
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

test("the project .sops.yaml: the store and the bundle whole, a generated repository's Secrets by data/stringData", () => {
  const config = projectSopsConfig([["age1aaa", "age1bbb"]]);
  const expect: Record<string, string | undefined> = {
    "secrets.sops.yaml": WHOLE,
    "talsecret.sops.yaml": WHOLE,
    "out/talos/talsecret.sops.yaml": WHOLE,
    "out/bootstrap/github-deploy-key.sops.yaml": K8S,
    "out/kubernetes/apps/cert-manager/cert-manager/app/secret.sops.yaml": K8S,
    "out/kubernetes/apps/talos/talos-backup/app/secret.sops.yaml": K8S,
    "out/kubernetes/apps/x/y/app/secrets.sops.yaml": K8S,
    "notes.yaml": undefined,
  };
  for (const [path, selector] of Object.entries(expect)) assert.equal(selectorOf(firstRule(config, path)), selector, path);
  for (const rule of (parse(config) as { creation_rules: Rule[] }).creation_rules) {
    assert.equal(rule.mac_only_encrypted, true, "as labc writes them, so sops keeps the same MAC mode");
    assert.equal(rule.age, "age1aaa,age1bbb");
  }
  assert.equal((parse(config) as { stores: { yaml: { indent: number } } }).stores.yaml.indent, 2, "sops edit keeps labc's indentation");
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
