import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { build } from "../../../compiler/build/build.js";
import { readTree, removeDir, tempDir } from "../../support/tree.js";
import { repoPath } from "../../support/paths.js";

/** A failed build, whatever the cause, leaves the previous output exactly as it was. */
const demoKey = repoPath("examples", "homelab", "age.key");

function project(mutate: (lab: string) => string = (x) => x): string {
  const dir = tempDir("project");
  for (const f of ["cluster.lab", "secrets.sops.yaml", "talsecret.sops.yaml"]) copyFileSync(repoPath("examples", "homelab", f), join(dir, f));
  writeFileSync(join(dir, "cluster.lab"), mutate(readFileSync(join(dir, "cluster.lab"), "utf8")));
  return dir;
}

async function buildIn(dir: string, env: NodeJS.ProcessEnv = { SOPS_AGE_KEY_FILE: demoKey }) {
  return build({ entry: join(dir, "cluster.lab"), out: join(dir, "out"), cwd: dir, env: { PATH: process.env["PATH"], ...env } });
}

async function withPreviousOutput(run: (dir: string) => Promise<void>): Promise<void> {
  const dir = project();
  try {
    const first = await buildIn(dir);
    assert.ok(first.written);
    await run(dir);
  } finally {
    removeDir(dir);
  }
}

test("diagnostics: nothing is written", async () => {
  await withPreviousOutput(async (dir) => {
    const before = readTree(join(dir, "out"));
    writeFileSync(join(dir, "cluster.lab"), readFileSync(join(dir, "cluster.lab"), "utf8").replace("address   = 192.168.31.252", "address   = 192.168.32.252"));
    const report = await buildIn(dir);
    assert.deepEqual(report.diagnostics.filter((d) => d.severity === "error").map((d) => d.code), ["LAB2005"]);
    assert.equal(report.written, undefined);
    assert.deepEqual(readTree(join(dir, "out")), before);
  });
});

test("no age key: LAB4002 names every place it looked, nothing is written", async () => {
  await withPreviousOutput(async (dir) => {
    const before = readTree(join(dir, "out"));
    const report = await buildIn(dir, { HOME: dir, XDG_CONFIG_HOME: join(dir, "nowhere") });
    const d = report.diagnostics.find((x) => x.code === "LAB4002");
    assert.ok(d, report.diagnostics.map((x) => x.message).join("\n"));
    assert.match(d.message, /SOPS_AGE_KEY_FILE/);
    assert.match(d.message, /keys\.txt/);
    assert.match(d.message, /age\.key/);
    assert.deepEqual(readTree(join(dir, "out")), before);
  });
});

test("an unreadable Talos bundle stops the build instead of making a new one", async () => {
  await withPreviousOutput(async (dir) => {
    const bundle = join(dir, "talsecret.sops.yaml");
    const original = readFileSync(bundle, "utf8");
    writeFileSync(bundle, original.replace(/data:[A-Za-z0-9+/=]{8}/, "data:AAAAAAAA"));
    const report = await buildIn(dir);
    assert.ok(report.diagnostics.some((d) => d.code === "LAB4004"), report.diagnostics.map((x) => x.message).join("\n"));
    assert.notEqual(readFileSync(bundle, "utf8"), original, "the tampered file is left for the user to restore");
    assert.equal(report.written, undefined);
  });
});

test("a secret planted in plain values is refused, naming file and secret but not the value", async () => {
  const dir = project((lab) => lab.replace('LOG_IGNORE_PATH     = "/healthz"', 'LOG_IGNORE_PATH     = "/healthz"  TOKEN = "demo-cloudflare-api-token-not-real"'));
  try {
    const report = await buildIn(dir);
    const leak = report.diagnostics.find((d) => d.code === "LAB4003");
    assert.ok(leak, report.diagnostics.map((x) => `${x.code} ${x.message}`).join("\n"));
    assert.match(leak.message, /cloudflare-token/);
    assert.match(leak.message, /helmrelease\.yaml/);
    assert.doesNotMatch(leak.message, /demo-cloudflare-api-token-not-real/);
    assert.equal(existsSync(join(dir, "out")), false);
  } finally {
    removeDir(dir);
  }
});

test("an unset environment secret is a diagnostic at its declaration", async () => {
  const dir = project((lab) => lab.replace("secret cloudflare-token   = store()", 'secret cloudflare-token   = env("LABC_TEST_UNSET_VARIABLE")'));
  try {
    const report = await buildIn(dir);
    const d = report.diagnostics.find((x) => x.code === "LAB4001");
    assert.ok(d);
    assert.match(d.message, /LABC_TEST_UNSET_VARIABLE/);
    assert.equal(d.span.start.line, readFileSync(join(dir, "cluster.lab"), "utf8").split("\n").findIndex((l) => l.includes("LABC_TEST_UNSET_VARIABLE")) + 1);
  } finally {
    removeDir(dir);
  }
});

test("files labc did not write survive a rebuild, even under kubernetes/; stale files it wrote go", async () => {
  await withPreviousOutput(async (dir) => {
    const out = join(dir, "out");
    writeFileSync(join(out, "NOTES.md"), "mine\n");
    writeFileSync(join(out, "kubernetes", "my-extra.yaml"), "mine: true\n");
    // A file an earlier build wrote (it is in the manifest) and this one no longer generates.
    const manifestPath = join(out, ".labc", "manifest.json");
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { files: string[] };
    writeFileSync(manifestPath, JSON.stringify({ files: [...manifest.files, "kubernetes/apps/gone/ks.yaml"].sort() }));
    mkdirSync(join(out, "kubernetes", "apps", "gone"));
    writeFileSync(join(out, "kubernetes", "apps", "gone", "ks.yaml"), "old: true\n");
    const report = await buildIn(dir);
    assert.ok(report.written);
    assert.deepEqual(report.written.removed, ["kubernetes/apps/gone/ks.yaml"]);
    assert.equal(readFileSync(join(out, "NOTES.md"), "utf8"), "mine\n");
    assert.equal(readFileSync(join(out, "kubernetes", "my-extra.yaml"), "utf8"), "mine: true\n");
    assert.equal(existsSync(join(out, "kubernetes", "apps", "gone")), false, "the emptied folder goes too");
    assert.equal(JSON.parse(readFileSync(manifestPath, "utf8")).files.includes("kubernetes/my-extra.yaml"), false);
  });
});

test("building into the working directory replaces files in place, so the shell's directory survives", async () => {
  const dir = project();
  const previous = process.cwd();
  try {
    process.chdir(dir);
    const env = { PATH: process.env["PATH"], SOPS_AGE_KEY_FILE: demoKey };
    const first = await build({ entry: "cluster.lab", out: ".", cwd: dir, env });
    assert.ok(first.written, first.diagnostics.map((d) => d.message).join("\n"));
    assert.ok(existsSync(join(dir, "kubernetes", "flux", "cluster", "ks.yaml")));
    assert.ok(existsSync(join(dir, "cluster.lab")), "sources beside the output stay");
    writeFileSync(join(dir, "kubernetes", "my-extra.yaml"), "mine: true\n");
    writeFileSync(join(dir, "cluster.lab"), readFileSync(join(dir, "cluster.lab"), "utf8").replace('tag = "37"', 'tag = "38"'));
    const second = await build({ entry: "cluster.lab", out: ".", cwd: dir, env });
    assert.deepEqual(second.written?.changed, ["kubernetes/apps/default/echo/app/helmrelease.yaml"]);
    assert.equal(readFileSync(join(dir, "kubernetes", "my-extra.yaml"), "utf8"), "mine: true\n");
    assert.equal(process.cwd(), dir);
    assert.ok(!readdirSync(dir).some((n) => n.includes("labc-stage")), "no stage left behind");
    // Besides the manifest only the build cache, which Git ignores through its own .gitignore.
    assert.deepEqual(readdirSync(join(dir, ".labc")), ["cache", "manifest.json"], "no stage, backup or journal left behind");
  } finally {
    process.chdir(previous);
    removeDir(dir);
  }
});
