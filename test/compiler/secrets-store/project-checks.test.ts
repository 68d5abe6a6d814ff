import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Reporter } from "../../../lang/diagnostics/reporter.js";
import type { Span } from "../../../lang/diagnostics/span.js";
import { checkProjectSecrets } from "../../../compiler/secrets-store/project-checks.js";
import { trackedPrivateKeys, trackedPrivateKeysAsync } from "../../../compiler/secrets-store/tracked-keys.js";
import { renderSopsConfig } from "../../../compiler/emit/repo/sops-config.js";
import { ParsedMemo } from "../../../compiler/files/parsed-memo.js";
import { removeDir } from "../../support/tree.js";
import { copyExample, demoRecipient, labc } from "./support/secret-project.js";

/**
 * LAB4006 and LAB4007 read files on disk, so they are tested on project folders, the way the
 * error corpus tests .lab files: each case sets a folder up and names the codes it must get.
 */

const otherRecipient = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p";
const at: Span = { file: "cluster.lab", start: { line: 12, column: 17, offset: 0 }, end: { line: 12, column: 80, offset: 0 } };

function git(dir: string, ...args: string[]): void {
  const r = spawnSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", ...args], { cwd: dir, encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
}

function codes(dir: string, recipients: readonly string[] = [demoRecipient], keyGroups?: readonly (readonly string[])[], shamirThreshold?: number): { codes: string[]; messages: string[] } {
  const r = new Reporter();
  const groups = keyGroups ?? [recipients];
  checkProjectSecrets({ root: dir, keyGroups: groups, shamirThreshold: shamirThreshold ?? (groups.length > 1 ? groups.length : 1), span: at, cwd: dir }, r);
  return { codes: r.diagnostics.map((d) => d.code), messages: r.diagnostics.map((d) => d.message) };
}

const split = [[demoRecipient], [otherRecipient]];

const cases: { name: string; setup: (dir: string) => void; recipients?: readonly string[]; keyGroups?: string[][]; threshold?: number; want: string[] }[] = [
  { name: "matching recipients, no git", setup: () => {}, want: [] },
  { name: "a recipient added in cluster.lab", setup: () => {}, recipients: [demoRecipient, otherRecipient], want: ["LAB4006"] },
  { name: "a recipient removed from cluster.lab", setup: () => {}, recipients: [otherRecipient], want: ["LAB4006"] },
  { name: ".sops.yaml encrypts to someone else", setup: (d) => writeFileSync(join(d, ".sops.yaml"), renderSopsConfig({ keyGroups: [[otherRecipient]], shamirThreshold: 1 })), want: ["LAB4006"] },
  { name: ".sops.yaml in step", setup: (d) => writeFileSync(join(d, ".sops.yaml"), renderSopsConfig({ keyGroups: [[demoRecipient]], shamirThreshold: 1 })), want: [] },
  // The example's store is encrypted to one group: splitting the cluster's recipients is drift.
  { name: "cluster.lab splits the recipients into key groups", setup: () => {}, keyGroups: split, want: ["LAB4006"] },
  { name: "key groups, .sops.yaml in step (groups reordered)", setup: (d) => writeFileSync(join(d, ".sops.yaml"), renderSopsConfig({ keyGroups: [[otherRecipient], [demoRecipient]], shamirThreshold: 2 })), keyGroups: split, want: ["LAB4006"] },
  { name: "key groups, .sops.yaml with another threshold", setup: (d) => writeFileSync(join(d, ".sops.yaml"), renderSopsConfig({ keyGroups: split, shamirThreshold: 1 })), keyGroups: split, threshold: 2, want: ["LAB4006", "LAB4006"] },
  { name: "key groups, .sops.yaml still flat", setup: (d) => writeFileSync(join(d, ".sops.yaml"), renderSopsConfig({ keyGroups: [[demoRecipient, otherRecipient]], shamirThreshold: 1 })), keyGroups: split, want: ["LAB4006", "LAB4006"] },
  {
    name: "age.key committed",
    setup: (d) => {
      writeFileSync(join(d, "age.key"), "AGE-SECRET-KEY-1…\n");
      git(d, "init", "-q", ".");
      git(d, "add", "age.key");
    },
    want: ["LAB4007"],
  },
  {
    name: "keys.txt and a *.agekey committed in subfolders",
    setup: (d) => {
      spawnSync("mkdir", ["-p", join(d, "sub")]);
      writeFileSync(join(d, "sub", "keys.txt"), "x\n");
      writeFileSync(join(d, "flux.agekey"), "x\n");
      git(d, "init", "-q", ".");
      git(d, "add", "sub/keys.txt", "flux.agekey");
    },
    want: ["LAB4007"],
  },
  {
    name: "age.key present but ignored",
    setup: (d) => {
      writeFileSync(join(d, "age.key"), "x\n");
      writeFileSync(join(d, ".gitignore"), "age.key\n");
      git(d, "init", "-q", ".");
      git(d, "add", ".");
    },
    want: [],
  },
  {
    name: "a demo key re-included on purpose",
    setup: (d) => {
      writeFileSync(join(d, "age.key"), "x\n");
      writeFileSync(join(d, ".gitignore"), "age.key\n!age.key\n");
      git(d, "init", "-q", ".");
      git(d, "add", ".");
    },
    want: [],
  },
];

for (const c of cases) {
  test(`project check: ${c.name}`, () => {
    const dir = copyExample("homelab");
    try {
      c.setup(dir);
      assert.deepEqual(codes(dir, c.recipients, c.keyGroups, c.threshold).codes, c.want);
    } finally {
      removeDir(dir);
    }
  });
}

// A build asks Git while it parses: the answer must be the one the check asks for itself.
for (const c of cases.filter((x) => x.want.includes("LAB4007") || x.name.includes("ignored") || x.name.includes("re-included") || x.name.includes("no git"))) {
  test(`tracked keys asked while parsing, as asked at once: ${c.name}`, async () => {
    const dir = copyExample("homelab");
    try {
      c.setup(dir);
      const waited = await trackedPrivateKeysAsync(dir);
      assert.deepEqual(waited, trackedPrivateKeys(dir));
      assert.equal(waited.length > 0, c.want.includes("LAB4007"));
    } finally {
      removeDir(dir);
    }
  });
}

test("Git's answer is kept while its index and ignore files stay as they were, and asked again when either changes", async () => {
  const dir = copyExample("homelab");
  const memo = ParsedMemo.open(join(dir, ".memo", "parsed.json"));
  const path = process.env["PATH"];
  // Without git on PATH only the memo can know the answer (no git means nothing to warn about).
  const withoutGit = async () => {
    process.env["PATH"] = "/nonexistent";
    try {
      return await trackedPrivateKeysAsync(dir, memo);
    } finally {
      process.env["PATH"] = path;
    }
  };
  try {
    writeFileSync(join(dir, "age.key"), "x\n");
    writeFileSync(join(dir, ".gitignore"), ".memo/\n");
    git(dir, "init", "-q", ".");
    git(dir, "add", "age.key", ".gitignore");
    assert.deepEqual(await trackedPrivateKeysAsync(dir, memo), ["age.key"]);
    assert.deepEqual(await withoutGit(), ["age.key"], "the kept answer, with no git to ask");

    // A `!` rule re-includes the key on purpose: an ignore file changed, so Git is asked again.
    writeFileSync(join(dir, ".gitignore"), ".memo/\nage.key\n!age.key\n");
    assert.deepEqual(await withoutGit(), [], "not the stale answer");
    assert.deepEqual(await trackedPrivateKeysAsync(dir, memo), trackedPrivateKeys(dir));
    assert.deepEqual(await trackedPrivateKeysAsync(dir, memo), []);

    writeFileSync(join(dir, ".gitignore"), ".memo/\n");
    git(dir, "rm", "-q", "--cached", "age.key");
    assert.deepEqual(await trackedPrivateKeysAsync(dir, memo), []);
    git(dir, "add", "age.key");
    assert.deepEqual(await withoutGit(), [], "the index changed: the kept answer is not used");
    assert.deepEqual(await trackedPrivateKeysAsync(dir, memo), ["age.key"]);
  } finally {
    process.env["PATH"] = path;
    removeDir(dir);
  }
});

test("labc check reports both, with the file names and without any key", () => {
  const dir = copyExample("homelab", { edit: (lab) => lab.replace(`recipients = ["${demoRecipient}"]`, `recipients = ["${demoRecipient}", "${otherRecipient}"]`) });
  try {
    writeFileSync(join(dir, "age.key"), "x\n");
    git(dir, "init", "-q", ".");
    git(dir, "add", "age.key");
    const r = labc(["check", "cluster.lab", "--format", "json"], { cwd: dir });
    assert.equal(r.code, 0, "warnings only");
    const out = JSON.parse(r.stdout) as { diagnostics: { code: string; message: string }[] };
    const drift = out.diagnostics.find((d) => d.code === "LAB4006");
    assert.match(drift?.message ?? "", /2 SOPS files .*secrets\.sops\.yaml.*talsecret\.sops\.yaml/);
    assert.match(out.diagnostics.find((d) => d.code === "LAB4007")?.message ?? "", /Git tracks private key file age\.key/);
  } finally {
    removeDir(dir);
  }
});

test("key-group drift names both sides as groups and threshold", () => {
  const dir = copyExample("homelab");
  try {
    writeFileSync(join(dir, ".sops.yaml"), renderSopsConfig({ keyGroups: [[demoRecipient, otherRecipient]], shamirThreshold: 1 }));
    const { messages } = codes(dir, undefined, split, 2);
    assert.match(messages[0]!, /encrypted to other recipients than the cluster's \(2 of \[age1m4acj4mj…dmpcvk\] \[age1ql3z7hjy…mcac8p\]\)/);
    assert.match(messages[1]!, /creates files for age1m4acj4mj…dmpcvk, age1ql3z7hjy…mcac8p, not the cluster's .*key_groups with shamir_threshold: 2/);
  } finally {
    removeDir(dir);
  }
});
