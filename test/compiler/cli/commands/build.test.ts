import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, lstatSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { repoPath, userCacheHome } from "../../../support/paths.js";
import { listFiles, removeDir, tempDir } from "../../../support/tree.js";
import { copyExample, demoKeyFile } from "../../secrets-store/support/secret-project.js";

function labc(args: string[], cwd: string) {
  const run = spawnSync(process.execPath, [repoPath("bin", "labc.js"), ...args], {
    cwd,
    env: { PATH: process.env["PATH"], HOME: cwd, XDG_CONFIG_HOME: join(cwd, ".no-config"), XDG_CACHE_HOME: userCacheHome, SOPS_AGE_KEY_FILE: demoKeyFile },
    encoding: "utf8",
    timeout: 30_000,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Every entry below `root` with its type, mode and bytes: a directory byte-identical to before compares equal. */
function snapshot(root: string): Map<string, string> {
  const seen = new Map<string, string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      const st = lstatSync(full);
      const rel = relative(root, full);
      if (st.isDirectory()) {
        seen.set(rel, `dir ${st.mode}`);
        walk(full);
      } else seen.set(rel, `file ${st.mode} ${readFileSync(full).toString("base64")}`);
    }
  };
  walk(root);
  return seen;
}

test("build --dry-run lists what would be added, changed and removed, and leaves the directory byte-identical", () => {
  const dir = copyExample("homelab");
  try {
    // Into nothing: every file is an addition; no output folder or lock appears.
    const before = snapshot(dir);
    const first = labc(["build", "cluster.lab", "--out", "out", "--dry-run"], dir);
    assert.equal(first.code, 0, first.stderr);
    assert.deepEqual(snapshot(dir), before, "a dry run writes nothing: no out/, no lock, no store change");
    assert.match(first.stdout, /^ {2}add {5}kubernetes\/flux\/cluster\/ks\.yaml$/m);
    assert.match(first.stdout, /dry run: out would get \d+ added, 0 changed, 0 removed; nothing was written\n$/);
    assert.doesNotMatch(first.stdout, /\/(tmp|work)\//, "paths are relative");

    // After a real build: nothing to do, then one edit shows as changed, a removed app as removed.
    const built = labc(["build", "cluster.lab", "--out", "out"], dir);
    assert.equal(built.code, 0, built.stderr);
    const idle = labc(["build", "cluster.lab", "--out", "out", "--dry-run", "--format", "json"], dir);
    assert.equal(idle.code, 0, idle.stderr);
    assert.deepEqual(JSON.parse(idle.stdout), { ok: true, dryRun: true, out: "out", added: [], changed: [], removed: [], projectFiles: [], notes: [], errors: 0, warnings: 0, diagnostics: [] });

    const lab = readFileSync(join(dir, "cluster.lab"), "utf8");
    assert.match(lab, /app reloader \{\}/);
    writeFileSync(join(dir, "cluster.lab"), lab.replace(/app reloader \{\}\n/, "").replace("v1.10.7", "v1.10.8"));
    const snap = snapshot(dir);
    const planned = labc(["build", "cluster.lab", "--out", "out", "--dry-run", "--format", "json"], dir);
    assert.equal(planned.code, 0, planned.stderr);
    const plan = JSON.parse(planned.stdout) as { added: string[]; changed: string[]; removed: string[] };
    assert.deepEqual(snapshot(dir), snap, "the output is byte-identical after the dry run");
    assert.ok(plan.changed.includes("talos/talenv.yaml"), plan.changed.join(", "));
    assert.ok(plan.removed.length > 0 && plan.removed.every((p) => p.includes("reloader")), plan.removed.join(", "));
    // What the dry run promised is what the build then does.
    const real = labc(["build", "cluster.lab", "--out", "out", "--format", "json"], dir);
    assert.equal(real.code, 0, real.stderr);
    const done = JSON.parse(real.stdout) as { added: string[]; changed: string[]; removed: string[] };
    assert.deepEqual({ added: done.added, changed: done.changed, removed: done.removed }, { added: plan.added, changed: plan.changed, removed: plan.removed });
  } finally {
    removeDir(dir);
  }
});

test("build --dry-run --new-cluster says the Talos bundle would be made, and makes none", () => {
  const dir = copyExample("homelab");
  try {
    rmSync(join(dir, "talsecret.sops.yaml"));
    const before = snapshot(dir);
    const r = labc(["build", "cluster.lab", "--out", "out", "--dry-run", "--new-cluster"], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^ {2}add {5}talos\/talsecret\.sops\.yaml$/m);
    assert.match(r.stdout, /^ {2}save {4}talsecret\.sops\.yaml \(beside cluster\.lab\)$/m);
    assert.doesNotMatch(r.stderr, /Talos PKI/, "no PKI is generated");
    assert.deepEqual(snapshot(dir), before);
    assert.equal(labc(["build", "cluster.lab", "--dry-run", "--watch"], dir).code, 2);
  } finally {
    removeDir(dir);
  }
});

test("an output that cannot be written exits 1 (the environment is wrong), as the README's table says", () => {
  const dir = copyExample("homelab");
  try {
    writeFileSync(join(dir, "a-file"), "");
    const r = labc(["build", "cluster.lab", "--out", "a-file/out"], dir);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /error LAB5001: .*a-file/);
    assert.equal(existsSync(join(dir, "a-file", "out")), false);
    const readme = readFileSync(repoPath("README.md"), "utf8");
    assert.match(readme, /\| 1 \| the input or the environment is wrong[^|]*a file that cannot be written/);
    assert.match(readme, /\| 2 \| the command line is wrong/);
    assert.equal(labc(["build", "--frob"], dir).code, 2);
  } finally {
    removeDir(dir);
  }
});

test("a rebuild of a fresh clone's output (0600 files checked out 0644) reports 0 changed and says what it set", () => {
  const dir = tempDir("cli-build-modes");
  try {
    for (const f of ["cluster.lab", "secrets.sops.yaml", "talsecret.sops.yaml", "age.key"]) writeFileSync(join(dir, f), readFileSync(repoPath("examples", "homelab", f)));
    const first = labc(["build", "cluster.lab", "--out", "out"], dir);
    assert.equal(first.code, 0, first.stderr);
    // What `git clone` does to them: Git keeps no permission but the executable bit.
    const secret = listFiles(join(dir, "out")).filter((f) => (lstatSync(join(dir, "out", f)).mode & 0o777) === 0o600);
    assert.ok(secret.length > 0, "the build writes 0600 files");
    for (const f of secret) chmodSync(join(dir, "out", f), 0o644);
    const again = labc(["build", "cluster.lab", "--out", "out"], dir);
    assert.equal(again.code, 0, again.stderr);
    const n = secret.length;
    assert.match(again.stdout, new RegExp(`: \\d+ files, 0 changed; set the permissions of ${n} unchanged file${n === 1 ? "" : "s"} back to what labc writes \\(Git does not keep them\\)\\n$`));
    for (const f of secret) assert.equal(lstatSync(join(dir, "out", f)).mode & 0o777, 0o600, f);
  } finally {
    removeDir(dir);
  }
});
