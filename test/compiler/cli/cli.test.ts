import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { repoPath } from "../../support/paths.js";
import { removeDir, tempDir } from "../../support/tree.js";
import { LABC_VERSION } from "../../../compiler/version.js";

/** The real binary, as a user runs it. */
function labc(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const run = spawnSync(process.execPath, [repoPath("bin", "labc.js"), ...args], {
    cwd: options.cwd ?? repoPath(),
    env: { PATH: process.env["PATH"], HOME: process.env["HOME"], ...options.env },
    encoding: "utf8",
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

test("--help and --version", () => {
  const help = labc(["--help"]);
  assert.equal(help.code, 0);
  for (const cmd of ["build", "check", "init"]) assert.match(help.stdout, new RegExp(`labc ${cmd}`));
  const version = labc(["--version"]);
  assert.equal(version.stdout.trim(), LABC_VERSION);
  assert.equal(JSON.parse(readFileSync(repoPath("package.json"), "utf8")).version, LABC_VERSION);
});

test("usage errors exit 2", () => {
  assert.equal(labc(["frobnicate"]).code, 2);
  assert.equal(labc(["check", "--format", "xml", "examples/homelab/cluster.lab"]).code, 2);
  const missing = labc(["check", "nope.lab"]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /nope\.lab: no such file/);
});

test("check prints file:line:col, the code, the source line and a caret; exit 1", () => {
  const r = labc(["check", "test/errors/cases/host-bits-set.lab"]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^test\/errors\/cases\/host-bits-set\.lab:5:16: error LAB2004: 10\.42\.1\.0\/16 has host bits set; did you mean 10\.42\.0\.0\/16\?$/m);
  assert.match(r.stderr, /^5 \|   pods {7}= 10\.42\.1\.0\/16$/m);
  assert.match(r.stderr, /^ {2}\| {16}\^~{11}$/m);
  assert.match(r.stderr, /fix: replace with 10\.42\.0\.0\/16/);
  assert.doesNotMatch(r.stderr, /\u001b\[/, "no colour when not on a terminal");
});

test("check --format json", () => {
  const r = labc(["check", "--format", "json", "test/errors/cases/dependency-cycle.lab"]);
  assert.equal(r.code, 1);
  const out = JSON.parse(r.stdout) as { ok: boolean; errors: number; diagnostics: { code: string; start: { line: number }; related?: unknown[] }[] };
  assert.equal(out.ok, false);
  assert.equal(out.diagnostics[0]!.code, "LAB3001");
  assert.equal(out.diagnostics[0]!.start.line, 2);
  assert.ok((out.diagnostics[0]!.related?.length ?? 0) >= 2, "a cycle lists every edge");
  assert.equal(labc(["check", "examples/homelab/cluster.lab"]).code, 0);
});

test("build with no arguments reads lab.config.ts; a failed build leaves out/ alone", () => {
  const dir = tempDir("cli-config");
  try {
    for (const f of ["cluster.lab", "secrets.sops.yaml", "talsecret.sops.yaml", "age.key"]) {
      writeFileSync(join(dir, f), readFileSync(repoPath("examples", "homelab", f)));
    }
    writeFileSync(join(dir, "lab.config.ts"), 'import type { LabConfig } from "labc";\nconst config: LabConfig = { entry: "cluster.lab", out: "repo" };\nexport default config;\n');
    const ok = labc(["build"], { cwd: dir, env: { XDG_CACHE_HOME: join(dir, ".cache") } });
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /wrote repo: \d+ files/);
    assert.ok(existsSync(join(dir, "repo", "bootstrap", "helmfile.yaml")));
    const again = labc(["build"], { cwd: dir, env: { XDG_CACHE_HOME: join(dir, ".cache") } });
    assert.equal(readdirSync(join(dir, ".cache", "labc", "config")).length, 1, "the transpiled config is cached once");
    assert.match(again.stdout, /0 changed/);

    // The cached JavaScript is run: one that others could have written is not, it is made again.
    const cached = join(dir, ".cache", "labc", "config", readdirSync(join(dir, ".cache", "labc", "config"))[0]!);
    writeFileSync(cached, 'export default { entry: "cluster.lab", out: "planted" };\n');
    chmodSync(cached, 0o666);
    const planted = labc(["build"], { cwd: dir, env: { XDG_CACHE_HOME: join(dir, ".cache") } });
    assert.equal(planted.code, 0, planted.stderr);
    assert.match(planted.stdout, /wrote repo: /);
    assert.ok(!existsSync(join(dir, "planted")), "the planted config was not run");

    // A config with a runtime import of its own is loaded from beside itself, so the import resolves.
    writeFileSync(join(dir, "paths.mjs"), 'export const out = "repo2";\n');
    writeFileSync(join(dir, "lab.config.ts"), 'import { out } from "./paths.mjs";\nexport default { entry: "cluster.lab", out } as { entry: string; out: string };\n');
    const imported = labc(["build"], { cwd: dir, env: { XDG_CACHE_HOME: join(dir, ".cache") } });
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stdout, /wrote repo2: /);
    assert.ok(!readdirSync(dir).some((n) => n.startsWith(".lab.config.")), "the temporary module is removed");

    writeFileSync(join(dir, "lab.config.ts"), "export default { entry: 'cluster.lab', output: 'x' };\n");
    const bad = labc(["build"], { cwd: dir });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /lab\.config\.ts: invalid configuration/);
  } finally {
    removeDir(dir);
  }
});

test("init scaffolds a project that checks clean, with a private key nobody else can read", () => {
  const dir = tempDir("cli-init");
  try {
    const r = labc(["init", dir]);
    assert.equal(r.code, 0, r.stderr);
    const key = join(dir, "age.key");
    assert.equal(statSync(key).mode & 0o777, 0o600);
    assert.match(readFileSync(join(dir, ".gitignore"), "utf8"), /^age\.key$/m);
    assert.match(readFileSync(join(dir, ".gitignore"), "utf8"), /^\.labc\.lock$/m, "a lock left by a killed run is not committed");
    const recipient = /public key: (age1\w+)/.exec(readFileSync(key, "utf8"))![1]!;
    assert.match(readFileSync(join(dir, "cluster.lab"), "utf8"), new RegExp(recipient));
    assert.match(readFileSync(join(dir, ".sops.yaml"), "utf8"), new RegExp(recipient));
    assert.ok(!r.stdout.includes("AGE-SECRET-KEY"), "the private key is never printed");
    const check = labc(["check", join(dir, "cluster.lab")]);
    assert.equal(check.code, 0, check.stderr);
    assert.equal(labc(["init", dir]).code, 2, "init never overwrites");
    const build = labc(["build", join(dir, "cluster.lab"), "--out", join(dir, "out")], { env: { SOPS_AGE_KEY_FILE: key } });
    assert.equal(build.code, 1);
    // The scaffold's secrets live in the store, which CI opens with the age key: the fix says how to set them.
    assert.match(build.stderr, /LAB4001: secret 'cloudflare-token' is not in the store secrets\.sops\.yaml; add it with 'labc secret set cloudflare-token'/);
  } finally {
    removeDir(dir);
  }
});

test("a directory names the cluster.lab inside it; an unusable output is an error, not a hang", () => {
  assert.equal(labc(["check", "examples/homelab"]).code, 0);
  const dir = labc(["check", "test"]);
  assert.equal(dir.code, 2);
  assert.match(dir.stderr, /test is a directory without a cluster\.lab/);
  // procfs refuses new entries with ENOENT, which sends Node's recursive mkdir into a loop.
  const proc = spawnSync(process.execPath, [repoPath("bin", "labc.js"), "build", "examples/homelab/cluster.lab", "--out", "/proc/labc-nope"], {
    cwd: repoPath(),
    env: { PATH: process.env["PATH"], SOPS_AGE_KEY_FILE: repoPath("examples", "homelab", "age.key") },
    encoding: "utf8",
    timeout: 20000,
  });
  assert.equal(proc.status, 1, proc.stderr);
  assert.match(proc.stderr, /LAB5001: cannot write \/proc\/labc-nope/);
});

test("a file-system error a command lets through is LAB5001 naming the path, exit 1, never an internal error", () => {
  const dir = tempDir("cli-fs-error");
  try {
    writeFileSync(join(dir, "a-file"), "");
    const r = labc(["init", join(dir, "a-file", "project")]);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stderr, `labc init: error LAB5001: cannot mkdir ${join(dir, "a-file", "project")}: a part of the path is not a directory (ENOTDIR)\n`);
    assert.doesNotMatch(r.stderr, /internal error/);
  } finally {
    removeDir(dir);
  }
});
