import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse, parseAllDocuments } from "yaml";
import { emitRepo } from "../../../../compiler/emit/repo/index.js";
import { homelabCluster } from "../../../support/homelab-model.js";
import { haVlanCluster } from "../talhelper/support/ha-vlan-cluster.js";
import { textOf } from "../talhelper/support/output-tree.js";
import { removeDir, tempDir } from "../../../support/tree.js";

const info = { labcVersion: "0.1.0" };

interface CreationRule {
  path_regex: string;
  encrypted_regex?: string;
  mac_only_encrypted?: boolean;
  key_groups: { age: string[] }[];
}

/**
 * sops' rule lookup: the path relative to the folder holding .sops.yaml, matched with Go's
 * unanchored regexp.MatchString, first rule wins. RE2 and JS agree on these patterns.
 */
function ruleFor(rules: readonly CreationRule[], path: string): number {
  return rules.findIndex((r) => new RegExp(r.path_regex).test(path));
}

async function sopsRules(recipients: readonly string[], keyGroups: readonly (readonly string[])[] = [recipients], shamirThreshold = 1) {
  const files = await emitRepo(homelabCluster({ recipients, keyGroups, shamirThreshold }), info);
  return parse(textOf(files, ".sops.yaml")) as { creation_rules: CreationRule[]; stores: unknown };
}

test("emits the scaffolding files", async () => {
  const files = await emitRepo(homelabCluster(), info);
  assert.deepEqual(files.map((f) => f.path), [".sops.yaml", ".gitignore", ".gitattributes", ".editorconfig", "README.md"]);
  assert.ok(files.every((f) => f.kind === "text"));
});

test(".sops.yaml: three rules (the files beside cluster.lab, talos/, bootstrap/ and kubernetes/), every recipient, mac_only_encrypted, indent 2", async () => {
  const recipients = [
    "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p",
    "age1lggyhqrw2nlhcxprm67z43rta597azn8gknawjehu9d9dl0jq3yqqvfafg",
  ];
  const config = await sopsRules(recipients);
  assert.equal(config.creation_rules.length, 3);
  const [project, talos, kubernetes] = config.creation_rules;
  assert.equal(project!.encrypted_regex, undefined, "the store and the bundle are encrypted whole");
  assert.equal(talos!.encrypted_regex, undefined, "Talos files are encrypted whole");
  assert.equal(kubernetes!.encrypted_regex, "^(data|stringData)$");
  for (const rule of config.creation_rules) {
    assert.equal(rule.mac_only_encrypted, true);
    assert.deepEqual(rule.key_groups, [{ age: recipients }]);
  }
  assert.deepEqual(config.stores, { yaml: { indent: 2 } });
});

test(".sops.yaml: paths pick the rule sops would pick", async () => {
  const { creation_rules: rules } = await sopsRules(homelabCluster().recipients);
  assert.equal(ruleFor(rules, "secrets.sops.yaml"), 0);
  assert.equal(ruleFor(rules, "talsecret.sops.yaml"), 0);
  assert.equal(ruleFor(rules, "talos/talsecret.sops.yaml"), 1);
  assert.equal(ruleFor(rules, "kubernetes/apps/x/y/app/secret.sops.yaml"), 2);
  assert.equal(ruleFor(rules, "kubernetes/components/common/sops/cluster-secrets.sops.yaml"), 2);
  assert.equal(ruleFor(rules, "bootstrap/github-deploy-key.sops.yaml"), 2);
  assert.equal(ruleFor(rules, "kubernetes/apps/x/y/app/secret.sops.yml"), 2);
  // Anchored, unlike cluster-template: an app folder named talos is still a Kubernetes Secret.
  assert.equal(ruleFor(rules, "kubernetes/apps/talos/backup/app/secret.sops.yaml"), 2);
  assert.equal(ruleFor(rules, "kubernetes/apps/x/y/app/secrets.sops.yaml"), 2);
  assert.equal(ruleFor(rules, "kubernetes/apps/x/y/app/helmrelease.yaml"), -1);
  assert.equal(ruleFor(rules, "README.md"), -1);
});

test(".sops.yaml refuses a cluster without recipients", async () => {
  await assert.rejects(emitRepo(homelabCluster({ recipients: [], keyGroups: [] }), info), /recipient/);
});

test(".sops.yaml: key groups become sops' key_groups with shamir_threshold in every rule", async () => {
  const [a, b, c] = ["age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p", "age1lggyhqrw2nlhcxprm67z43rta597azn8gknawjehu9d9dl0jq3yqqvfafg", "age1m4acj4mjupv5wgxtruey44wpq34tqkk7hkkj77566vy0t80gqfmsdmpcvk"];
  const config = (await sopsRules([a!, b!, c!], [[a!, b!], [c!]], 2)) as unknown as { creation_rules: { shamir_threshold?: number; key_groups: { age: string[] }[] }[] };
  for (const rule of config.creation_rules) {
    assert.equal(rule.shamir_threshold, 2);
    assert.deepEqual(rule.key_groups, [{ age: [a, b] }, { age: [c] }]);
  }
  const flat = (await sopsRules([a!, b!])) as unknown as { creation_rules: Record<string, unknown>[] };
  assert.ok(flat.creation_rules.every((r) => !("shamir_threshold" in r)), "one group needs no threshold");
});

test(".gitignore keeps keys, credentials and decrypted copies out of Git", async () => {
  const lines = textOf(await emitRepo(homelabCluster(), info), ".gitignore").split("\n");
  for (const entry of ["age.key", "*.agekey", "kubeconfig", "talosconfig", "talos/clusterconfig/", "*.decrypted~*", ".private/"]) {
    assert.ok(lines.includes(entry), `missing ${entry}`);
  }
  assert.ok(!lines.some((l) => l.includes("sops.yaml")), "encrypted files must stay committed");
});

test("Git ignores labc's lock and an unfinished build's state, and keeps the manifest (git check-ignore)", async () => {
  const dir = tempDir("gitignore");
  try {
    execFileSync("git", ["init", "-q", dir]);
    writeFileSync(join(dir, ".gitignore"), textOf(await emitRepo(homelabCluster(), info), ".gitignore"));
    const ignored = (path: string) => {
      try {
        execFileSync("git", ["-C", dir, "check-ignore", "-q", "--no-index", path]);
        return true;
      } catch {
        return false;
      }
    };
    for (const path of [".labc.lock", ".labc/journal.json", ".labc/journal.json.tmp", ".labc/stage-4242/README.md", ".labc/backup-4242/README.md"]) assert.ok(ignored(path), `${path} is ignored`);
    for (const path of [".labc/manifest.json", "talos/talconfig.yaml", "talsecret.sops.yaml"]) assert.ok(!ignored(path), `${path} is committed`);
  } finally {
    removeDir(dir);
  }
});

test(".gitattributes routes SOPS files through the sopsdiffer driver", async () => {
  const text = textOf(await emitRepo(homelabCluster(), info), ".gitattributes");
  assert.match(text, /^\*\.sops\.\* diff=sopsdiffer$/m);
  assert.match(text, /^\* text=auto eol=lf$/m);
});

test(".editorconfig is rooted", async () => {
  assert.match(textOf(await emitRepo(homelabCluster(), info), ".editorconfig"), /^root = true$/m);
});

for (const [label, make] of [
  ["homelab", () => homelabCluster()],
  ["3 control planes + 2 workers on a VLAN", () => haVlanCluster()],
] as const) {
  test(`${label}: byte-identical across runs, YAML parses`, async () => {
    const first = await emitRepo(make(), info);
    const second = await emitRepo(make(), info);
    assert.deepEqual(second, first);
    for (const doc of parseAllDocuments(textOf(first, ".sops.yaml"))) {
      assert.deepEqual(doc.errors, []);
      assert.deepEqual(doc.warnings, []);
    }
  });
}
