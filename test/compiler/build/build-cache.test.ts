import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, cpSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "../../../compiler/build/build.js";
import { CACHE_DIR, CACHE_FILE, recordingModel } from "../../../compiler/build/build-cache.js";
import type { ClusterModel } from "../../../compiler/model/model.js";
import { decryptSops } from "../../../compiler/secrets/sops/index.js";
import { listFiles, readTree, removeDir, tempDir } from "../../support/tree.js";
import { repoPath } from "../../support/paths.js";

/**
 * The build cache (.labc/cache/) changes how long a rebuild takes, never what it writes: a build
 * that reuses units gives the very bytes a build without the cache gives over the same output.
 */
const demoKey = repoPath("examples", "homelab", "age.key");
// The Cloudflare token from the environment, so a test can change a secret value between builds.
const withEnvToken = (lab: string) => lab.replace("secret cloudflare-token   = store()", 'secret cloudflare-token   = env("CACHE_TEST_TOKEN")');
const TOKEN = "cache-test-token-one";

function project(): string {
  const dir = tempDir("build-cache");
  for (const f of ["cluster.lab", "secrets.sops.yaml", "talsecret.sops.yaml", "versions.lock.yaml"]) copyFileSync(repoPath("examples", "homelab", f), join(dir, f));
  edit(dir, withEnvToken);
  return dir;
}

function edit(dir: string, change: (lab: string) => string): void {
  const path = join(dir, "cluster.lab");
  const before = readFileSync(path, "utf8");
  const after = change(before);
  assert.notEqual(after, before, "the edit changed cluster.lab");
  writeFileSync(path, after);
}

async function buildInto(dir: string, out: string, token = TOKEN) {
  const report = await build({ entry: join(dir, "cluster.lab"), out, cwd: dir, env: { PATH: process.env["PATH"], SOPS_AGE_KEY_FILE: demoKey, CACHE_TEST_TOKEN: token } });
  assert.deepEqual(report.diagnostics.filter((d) => d.severity === "error").map((d) => d.message), []);
  assert.ok(report.written, "the build wrote");
  return report;
}

/** Builds `dir` once, copies the output twice, the second copy without its cache: what a rebuild starts from. */
async function twoCopies(dir: string): Promise<{ cached: string; uncached: string }> {
  const first = join(dir, "first");
  await buildInto(dir, first);
  const cached = join(dir, "cached");
  const uncached = join(dir, "uncached");
  cpSync(first, cached, { recursive: true });
  cpSync(first, uncached, { recursive: true });
  rmSync(join(uncached, CACHE_DIR), { recursive: true });
  return { cached, uncached };
}

/**
 * The same files with the same bytes; except that a SOPS file whose plaintext changed is
 * encrypted afresh (new IVs) by either build, so `reencrypted` files are compared decrypted.
 */
async function assertSameTrees(a: string, b: string, reencrypted: readonly string[] = []): Promise<void> {
  assert.deepEqual(listFiles(a), listFiles(b), "the same files");
  const other = readTree(b);
  const identities = [readFileSync(demoKey, "utf8").match(/AGE-SECRET-KEY-\S+/)![0]];
  for (const [path, text] of readTree(a)) {
    if (!reencrypted.includes(path)) {
      assert.equal(text, other.get(path), `${path} is the same with and without the cache`);
      continue;
    }
    const [mine, theirs] = await Promise.all([text, other.get(path)!].map((t) => decryptSops(t, { format: "yaml", identities })));
    assert.deepEqual(mine!.tree, theirs!.tree, `${path} holds the same plaintext with and without the cache`);
  }
}

test("a rebuild that changes nothing runs no emit unit, writes nothing, and keeps every byte", async () => {
  const dir = project();
  try {
    const out = join(dir, "out");
    const first = await buildInto(dir, out);
    assert.ok((first.unitsRun ?? []).length > 10, "a first build runs every unit");
    const before = readTree(out);
    const again = await buildInto(dir, out);
    assert.deepEqual(again.unitsRun, []);
    assert.deepEqual(again.written?.changed, []);
    assert.deepEqual(readTree(out), before);
  } finally {
    removeDir(dir);
  }
});

test("changing one app re-emits only that app's unit (and those that read every app), with the bytes of a build without the cache", async () => {
  const dir = project();
  try {
    const { cached, uncached } = await twoCopies(dir);
    edit(dir, (lab) => lab.replace('tag = "37"', 'tag = "38"'));
    const withCache = await buildInto(dir, cached);
    const without = await buildInto(dir, uncached);
    // The README, the app graph and helmfile list every app, so they read `apps`: they run too.
    assert.ok(withCache.unitsRun?.includes("app:default/echo"), `echo ran: ${withCache.unitsRun?.join(", ")}`);
    for (const unit of withCache.unitsRun ?? []) assert.ok(unit === "app:default/echo" || !unit.startsWith("app:"), `no other app's unit ran (${unit} did)`);
    assert.ok((without.unitsRun ?? []).length > withCache.unitsRun!.length, "without the cache every unit runs");
    assert.deepEqual(withCache.written?.changed, ["kubernetes/apps/default/echo/app/helmrelease.yaml"]);
    await assertSameTrees(cached, uncached);
  } finally {
    removeDir(dir);
  }
});

test("a new secret value re-emits and re-encrypts the files that read it, as a build without the cache does", async () => {
  const dir = project();
  try {
    const { cached, uncached } = await twoCopies(dir);
    const withCache = await buildInto(dir, cached, "cache-test-token-two");
    const without = await buildInto(dir, uncached, "cache-test-token-two");
    assert.ok(withCache.unitsRun?.includes("app:cert-manager/cert-manager"), `cert-manager ran: ${withCache.unitsRun?.join(", ")}`);
    assert.ok(!withCache.unitsRun?.includes("app:default/echo"), "an app that reads no secret did not run");
    const changed = withCache.written?.changed ?? [];
    assert.ok(changed.some((p) => p.startsWith("kubernetes/apps/cert-manager/") && p.endsWith(".sops.yaml")), "its Secret was re-encrypted");
    assert.deepEqual(changed, without.written?.changed);
    await assertSameTrees(cached, uncached, changed);
  } finally {
    removeDir(dir);
  }
});

test("a file changed in the output since the last build is emitted again, not taken from the cache", async () => {
  const dir = project();
  try {
    const out = join(dir, "out");
    await buildInto(dir, out);
    const path = join(out, "kubernetes/apps/default/echo/app/helmrelease.yaml");
    const original = readFileSync(path, "utf8");
    writeFileSync(path, `${original}# edited by hand\n`);
    const again = await buildInto(dir, out);
    assert.deepEqual(again.unitsRun, ["app:default/echo"]);
    assert.equal(readFileSync(path, "utf8"), original);
  } finally {
    removeDir(dir);
  }
});

/** Sets every file under `out` back `seconds` in time, as if the build that wrote them were that old. */
function age(out: string, seconds: number): void {
  const then = new Date(Date.now() - seconds * 1000);
  for (const f of listFiles(out)) utimesSync(join(out, f), then, then);
}

function cachedStats(out: string): Map<string, string | undefined> {
  const data = JSON.parse(readFileSync(join(out, CACHE_FILE), "utf8")) as { units: Record<string, { files: { path: string; stat?: string }[] }> };
  return new Map(Object.values(data.units).flatMap((u) => u.files.map((f) => [f.path, f.stat] as const)));
}

test("a file unchanged since it was read is known by its fingerprint; any change to it, even with its times put back, is read and emitted again", async () => {
  const dir = project();
  try {
    const out = join(dir, "out");
    await buildInto(dir, out);
    assert.ok([...cachedStats(out).values()].every((s) => s === undefined), "files just written are read again next time");
    age(out, 60);
    const before = readTree(out);
    await buildInto(dir, out);
    const stats = cachedStats(out);
    assert.ok([...stats.values()].every((s) => s !== undefined), "files read and older than two seconds get a fingerprint");

    // Same size, same times: only the change time and the bytes differ.
    const path = join(out, "kubernetes/apps/default/echo/app/helmrelease.yaml");
    const original = readFileSync(path, "utf8");
    const { mtime, atime } = statSync(path);
    writeFileSync(path, original.replace("echo", "ekho"));
    utimesSync(path, atime, mtime);
    const again = await buildInto(dir, out);
    assert.deepEqual(again.unitsRun, ["app:default/echo"]);
    assert.equal(readFileSync(path, "utf8"), original);

    const trusted = await buildInto(dir, out);
    assert.deepEqual(trusted.unitsRun, []);
    assert.deepEqual(trusted.written?.changed, []);
    const after = readTree(out);
    for (const [file, text] of before) if (!file.startsWith(".labc/cache/")) assert.equal(after.get(file), text, file);
  } finally {
    removeDir(dir);
  }
});

test("the cache is ignored by Git and holds no secret value", async () => {
  const dir = project();
  try {
    const out = join(dir, "out");
    await buildInto(dir, out);
    const cache = readFileSync(join(out, CACHE_FILE), "utf8");
    for (const secret of [TOKEN, ...(readFileSync(demoKey, "utf8").match(/AGE-SECRET-KEY-\S+/g) ?? [])]) assert.ok(!cache.includes(secret), "no plaintext in the cache");
    execFileSync("git", ["init", "-q", out]);
    const untracked = execFileSync("git", ["-C", out, "status", "--porcelain", "--untracked-files=all"], { encoding: "utf8" });
    assert.match(untracked, /^\?\? \.labc\/manifest\.json$/m, "the manifest is committed");
    assert.ok(!untracked.includes(".labc/cache"), `nothing of the cache is offered for a commit:\n${untracked}`);
  } finally {
    removeDir(dir);
  }
});

test("a damaged cache costs time, not correctness", async () => {
  const dir = project();
  try {
    const out = join(dir, "out");
    await buildInto(dir, out);
    const before = readTree(out);
    writeFileSync(join(out, CACHE_FILE), "{ not json");
    const again = await buildInto(dir, out);
    assert.ok((again.unitsRun ?? []).length > 10, "every unit ran");
    assert.deepEqual(again.written?.changed, []);
    assert.deepEqual(readTree(out), before);
  } finally {
    removeDir(dir);
  }
});

test("a dry run reads the cache but saves none", async () => {
  const dir = project();
  try {
    const out = join(dir, "out");
    await buildInto(dir, out);
    const cacheBefore = readFileSync(join(out, CACHE_FILE), "utf8");
    edit(dir, (lab) => lab.replace('tag = "37"', 'tag = "38"'));
    const report = await build({ entry: join(dir, "cluster.lab"), out, cwd: dir, dryRun: true, env: { PATH: process.env["PATH"], SOPS_AGE_KEY_FILE: demoKey, CACHE_TEST_TOKEN: TOKEN } });
    assert.deepEqual(report.planned?.changed, ["kubernetes/apps/default/echo/app/helmrelease.yaml"]);
    assert.ok(report.unitsRun?.includes("app:default/echo") && !report.unitsRun.includes("app:kube-system/coredns"), `only what changed ran: ${report.unitsRun?.join(", ")}`);
    assert.equal(readFileSync(join(out, CACHE_FILE), "utf8"), cacheBefore);
  } finally {
    removeDir(dir);
  }
});

test("what a unit reads is recorded by path: a field, an app's field, the number of apps; listing the model's keys reads all of it", () => {
  const model = {
    name: "c",
    domain: "example.com",
    apps: [
      { name: "a", namespace: "x" },
      { name: "b", namespace: "y" },
    ],
  } as unknown as ClusterModel;
  const reads = new Set<string>();
  const seen = recordingModel(model, reads);
  assert.equal(seen.cluster.domain, "example.com");
  assert.equal(seen.cluster.apps.find((a) => a.name === "b")?.namespace, "y");
  assert.equal(seen.appAt(1), seen.cluster.apps[1], "one proxy per app, whichever way it is reached");
  assert.deepEqual([...reads].sort(), ["apps.0.name", "apps.1.name", "apps.1.namespace", "apps.length", "domain"]);
  const spread = new Set<string>();
  void { ...recordingModel(model, spread).cluster };
  assert.ok(spread.has("*"));
});
