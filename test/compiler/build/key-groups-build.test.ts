// The key-groups fixture (2 of 3 groups) built for real: every SOPS file labc writes opens with
// keys of two groups only, checked by Debian's age CLI + a textbook Shamir combine + the
// independent MAC checker; rebuilds are quiet; too few groups' keys stop the build; rotate and a
// changed group keep the split.
import { identityToRecipient } from "../../../compiler/secrets/age/index.js";
import assert from "node:assert/strict";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { parse } from "yaml";
import { build } from "../../../compiler/build/build.js";
import { repoPath } from "../../support/paths.js";
import { readTree, removeDir, tempDir } from "../../support/tree.js";
import { AGE_CLI_MISSING, ageCliAvailable, ageCliDecrypt } from "../secrets/support/age-cli.js";
import { independentDecrypt } from "../secrets/support/independent-sops.js";
import { textbookCombine } from "../secrets/support/textbook-shamir.js";
import { demoIdentity, demoKeyFile, labc } from "../secrets-store/support/secret-project.js";

const fixture = repoPath("test", "fixtures", "key-groups");
const ciIdentity = readFileSync(join(fixture, "age.key"), "utf8").split("\n").find((l) => l.startsWith("AGE-SECRET-KEY-"))!;
const secrets = { LABC_FIXTURE_CLOUDFLARE_TOKEN: "fixture-cloudflare-token-0000", LABC_FIXTURE_WEBHOOK_TOKEN: "fixture-webhook-token-0000" };
const hasAge = ageCliAvailable();

const OPERATORS = ["age1m4acj4mjupv5wgxtruey44wpq34tqkk7hkkj77566vy0t80gqfmsdmpcvk", "age14aamay65qw0ptm2auanxwqvkku29e9ynqhk4sywtgqltyhyel9asms57gh"];
const CI = "age1pj39penrdl4d49dmxa5amlu2za6ug5nc6n90l085g6u8mp9fau5saf8wlq";
const BACKUP = "age17z0pk4c7ew86wy686gk5ea98rcmjnl06as5f4kegy6qmh2zqlp7qyjznrr";

/** A copy of the fixture as a project (cluster.lab, the CI key unless left out, the Talos bundle). */
function project(options: { withCiKey?: boolean; edit?: (lab: string) => string } = {}): string {
  const dir = tempDir("key-groups");
  const lab = readFileSync(join(fixture, "input.lab"), "utf8");
  writeFileSync(join(dir, "cluster.lab"), options.edit ? options.edit(lab) : lab);
  copyFileSync(join(fixture, "talsecret.sops.yaml"), join(dir, "talsecret.sops.yaml"));
  if (options.withCiKey ?? true) copyFileSync(join(fixture, "age.key"), join(dir, "age.key"));
  return dir;
}

function buildIn(dir: string) {
  return build({ entry: join(dir, "cluster.lab"), out: join(dir, "out"), cwd: dir, env: { PATH: process.env["PATH"], HOME: dir, SOPS_AGE_KEY_FILE: demoKeyFile, ...secrets } });
}

function sopsFiles(dir: string): Map<string, string> {
  return new Map([...readTree(dir)].filter(([path]) => path.endsWith(".sops.yaml") && !path.endsWith(".sops.yaml/") && path !== ".sops.yaml"));
}

interface Meta {
  shamir_threshold?: number;
  key_groups?: { age: { recipient: string; enc: string }[] }[];
}

/** The data key rebuilt from the operators' and CI's shares, opened by the age CLI. */
function dataKeyFromTwoGroups(text: string): Uint8Array {
  const sops = (parse(text.split(/^---\n/m)[0]!) as { sops: Meta }).sops;
  const operator = ageCliDecrypt(sops.key_groups![0]!.age.find((a) => a.recipient === OPERATORS[0])!.enc, demoIdentity);
  const ci = ageCliDecrypt(sops.key_groups![1]!.age[0]!.enc, ciIdentity);
  return textbookCombine([operator, ci]);
}

const groupsOf = (text: string) => {
  const sops = (parse(text.split(/^---\n/m)[0]!) as { sops: Meta }).sops;
  return { threshold: sops.shamir_threshold, groups: sops.key_groups?.map((g) => g.age.map((a) => a.recipient)) };
};

test("every SOPS file of a key-groups build opens with two groups' keys (age CLI + textbook combine + independent MAC check); a rebuild is quiet", async (t) => {
  if (!hasAge) return t.skip(AGE_CLI_MISSING);
  const dir = project();
  try {
    const report = await buildIn(dir);
    assert.deepEqual(report.diagnostics.filter((d) => d.severity === "error").map((d) => d.message), []);
    const files = sopsFiles(join(dir, "out"));
    assert.ok(files.size >= 5, [...files.keys()].join(", "));
    // Flux has its own key (the store's cluster-age-key): the sops-age Secret holds it, and it is
    // in every key group of the Kubernetes secrets, so the cluster alone meets the threshold.
    const sopsAge = files.get("kubernetes/components/common/sops/sops-age.sops.yaml")!;
    const agekey = (independentDecrypt(sopsAge, dataKeyFromTwoGroups(sopsAge)).documents[0] as { stringData: Record<string, string> }).stringData["age.agekey"]!;
    assert.match(agekey, /^AGE-SECRET-KEY-1/);
    assert.ok(agekey !== demoIdentity && agekey !== ciIdentity);
    const flux = await identityToRecipient(agekey);
    const forFlux = [[...OPERATORS, flux], [CI, flux], [BACKUP, flux]];
    for (const [path, text] of files) {
      const expected = path.startsWith("talos/") ? [OPERATORS, [CI], [BACKUP]] : forFlux;
      assert.deepEqual(groupsOf(text), { threshold: 2, groups: expected }, path);
      const checked = independentDecrypt(text, dataKeyFromTwoGroups(text));
      if (path.includes("cert-manager")) assert.match(JSON.stringify(checked.documents), /fixture-cloudflare-token-0000/);
    }
    const config = parse(readFileSync(join(dir, "out", ".sops.yaml"), "utf8")) as { creation_rules: { path_regex: string; shamir_threshold: number; key_groups: { age: string[] }[] }[] };
    for (const rule of config.creation_rules) {
      assert.deepEqual({ t: rule.shamir_threshold, g: rule.key_groups.map((g) => g.age) }, { t: 2, g: rule.path_regex.startsWith("^(bootstrap|kubernetes)") ? forFlux : [OPERATORS, [CI], [BACKUP]] });
    }

    const again = await buildIn(dir);
    assert.deepEqual([...again.written!.changed], [], "same values and groups: not one byte changes");
  } finally {
    removeDir(dir);
  }
});

test("keys of one group only: the build stops before writing and says how many groups it opened", async () => {
  const dir = project({ withCiKey: false });
  try {
    const report = await buildIn(dir);
    const error = report.diagnostics.find((d) => d.code === "LAB4002");
    assert.ok(error, report.diagnostics.map((d) => d.message).join("\n"));
    assert.match(error.message, /split over 3 key groups and keys of 2 are needed together, but the age keys found open only group 1/);
    assert.doesNotMatch(error.message, /AGE-SECRET-KEY/);
    assert.equal(report.written, undefined);
  } finally {
    removeDir(dir);
  }
});

/** The groups labc writes a file with: the Kubernetes secrets also carry Flux's own key in every group. */
function groupsFor(path: string, groups: readonly (readonly string[])[], flux: string): string[][] {
  return path.startsWith("talos/") ? groups.map((g) => [...g]) : groups.map((g) => [...g, flux]);
}

async function fluxRecipient(out: string): Promise<string> {
  const sopsAge = readFileSync(join(out, "kubernetes/components/common/sops/sops-age.sops.yaml"), "utf8");
  const doc = independentDecrypt(sopsAge, dataKeyFromTwoGroups(sopsAge)).documents[0] as { stringData: Record<string, string> };
  return identityToRecipient(doc.stringData["age.agekey"]!);
}

test("labc secret rotate keeps the key groups and makes fresh data keys; a changed group re-splits on the next build", async (t) => {
  if (!hasAge) return t.skip(AGE_CLI_MISSING);
  const dir = project();
  try {
    assert.deepEqual((await buildIn(dir)).diagnostics.filter((d) => d.severity === "error"), []);
    const before = sopsFiles(join(dir, "out"));
    const flux = await fluxRecipient(join(dir, "out"));
    const rotate = labc(["secret", "rotate", "--out", "out"], { cwd: dir, env: { SOPS_AGE_KEY_FILE: demoKeyFile } });
    assert.equal(rotate.code, 0, rotate.stderr);
    assert.match(rotate.stdout, /for 3 key groups \(keys of 2 needed together; 4 recipients\)/);
    const after = sopsFiles(join(dir, "out"));
    for (const [path, text] of after) {
      assert.deepEqual(groupsOf(text), { threshold: 2, groups: groupsFor(path, [OPERATORS, [CI], [BACKUP]], flux) }, path);
      assert.notDeepEqual(dataKeyFromTwoGroups(text), dataKeyFromTwoGroups(before.get(path)!), `${path} has a fresh data key`);
    }

    // The second operator leaves: LAB4006 names the drift, and the build re-splits a fresh key.
    writeFileSync(join(dir, "cluster.lab"), readFileSync(join(dir, "cluster.lab"), "utf8").replace(`, "${OPERATORS[1]}"`, ""));
    const check = labc(["check", "cluster.lab", "--out", "out", "--format", "json"], { cwd: dir, env: { SOPS_AGE_KEY_FILE: demoKeyFile } });
    const drift = (JSON.parse(check.stdout) as { diagnostics: { code: string; message: string }[] }).diagnostics.find((d) => d.code === "LAB4006");
    assert.match(drift?.message ?? check.stdout + check.stderr, /encrypted to other recipients than the cluster's \(2 of \[age1m4acj4mj…dmpcvk\] \[age1pj39penr…af8wlq\] \[age17z0pk4c7…yjznrr\]\)/);
    const rebuilt = await buildIn(dir);
    assert.deepEqual(rebuilt.diagnostics.filter((d) => d.severity === "error"), []);
    for (const [path, text] of sopsFiles(join(dir, "out"))) {
      assert.deepEqual(groupsOf(text), { threshold: 2, groups: groupsFor(path, [[OPERATORS[0]], [CI], [BACKUP]], flux) }, path);
      assert.notDeepEqual(dataKeyFromTwoGroups(text), dataKeyFromTwoGroups(after.get(path)!), `${path} was re-split with a fresh key`);
    }
    assert.deepEqual(groupsOf(readFileSync(join(dir, "talsecret.sops.yaml"), "utf8")).groups, [[OPERATORS[0]], [CI], [BACKUP]]);
  } finally {
    removeDir(dir);
  }
});
