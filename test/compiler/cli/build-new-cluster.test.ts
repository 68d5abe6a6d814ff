import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { repoPath, userCacheHome } from "../../support/paths.js";
import { removeDir } from "../../support/tree.js";
import { copyExample, demoKeyFile, fixtureSecrets } from "../secrets-store/support/secret-project.js";

/**
 * `labc build --new-cluster` as a user runs it. The binary runs in a child with a timeout, so a
 * build that blocks on a FIFO fails the test instead of hanging the suite.
 */
function labc(args: string[], cwd: string, env: NodeJS.ProcessEnv = { SOPS_AGE_KEY_FILE: demoKeyFile }) {
  const run = spawnSync(process.execPath, [repoPath("bin", "labc.js"), ...args], {
    cwd,
    env: { PATH: process.env["PATH"], HOME: cwd, XDG_CONFIG_HOME: join(cwd, ".no-config"), XDG_CACHE_HOME: userCacheHome, ...fixtureSecrets, ...env },
    encoding: "utf8",
    timeout: 20_000,
  });
  assert.equal(run.error, undefined, `labc ${args.join(" ")} did not finish: ${String(run.error)}`);
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const hasMkfifo = spawnSync("mkfifo", ["--version"]).status === 0;

test("--help names --new-cluster", () => {
  const help = labc(["--help"], repoPath());
  assert.match(help.stdout, /labc build \[file\] \[--out dir\] \[--watch\] \[--new-cluster\]/);
  assert.match(labc(["build", "--help"], repoPath()).stdout, /--new-cluster +make the Talos secrets bundle of a new cluster/);
});

test("a missing bundle: plain build exits 1 pointing at --new-cluster; --new-cluster makes it once", () => {
  const dir = copyExample("homelab");
  try {
    rmSync(join(dir, "talsecret.sops.yaml"));
    const refused = labc(["build", "cluster.lab", "--out", "out"], dir);
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(refused.stderr, /error LAB4011: there is no Talos secrets bundle talsecret\.sops\.yaml/);
    assert.match(refused.stderr, /'labc build --new-cluster'/);
    assert.equal(existsSync(join(dir, "talsecret.sops.yaml")), false);
    const made = labc(["build", "cluster.lab", "--out", "out", "--new-cluster"], dir);
    assert.equal(made.code, 0, made.stderr);
    assert.match(made.stdout, /note: created the Talos secrets bundle talsecret\.sops\.yaml/);
    // The slow step (RSA-4096 keys) is announced on stderr before it starts, terminal or not.
    assert.match(made.stderr, /^labc build: making the cluster's Talos PKI for talsecret\.sops\.yaml \(RSA-4096 keys: a few seconds, once per cluster\)…$/m);
    assert.doesNotMatch(made.stdout, /Talos PKI/, "progress stays off stdout");
    const bundle = readFileSync(join(dir, "talsecret.sops.yaml"), "utf8");
    const again = labc(["build", "cluster.lab", "--out", "out"], dir);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(readFileSync(join(dir, "talsecret.sops.yaml"), "utf8"), bundle);
    assert.equal(labc(["build", "cluster.lab", "--out", "out", "--new-cluster", "--watch"], dir).code, 2, "--new-cluster is refused with --watch");
  } finally {
    removeDir(dir);
  }
});

test("a FIFO where the bundle belongs: LAB5003 naming it, at once", { skip: !hasMkfifo && "mkfifo is not installed" }, () => {
  const dir = copyExample("homelab");
  try {
    rmSync(join(dir, "talsecret.sops.yaml"));
    assert.equal(spawnSync("mkfifo", [join(dir, "talsecret.sops.yaml")]).status, 0);
    const r = labc(["build", "cluster.lab", "--out", "out", "--new-cluster"], dir);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /error LAB5003: cannot read the Talos secrets bundle talsecret\.sops\.yaml: it is a FIFO \(named pipe\), not a regular file/);
    assert.equal(existsSync(join(dir, "out")), false);
  } finally {
    removeDir(dir);
  }
});

test("a FIFO as the age key file: skipped with its reason in LAB4002, not read", { skip: !hasMkfifo && "mkfifo is not installed" }, () => {
  const dir = copyExample("homelab");
  try {
    assert.equal(spawnSync("mkfifo", [join(dir, "age.key")]).status, 0);
    const r = labc(["build", "cluster.lab", "--out", "out"], dir, {});
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /error LAB4002: .*age\.key: cannot read: it is a FIFO \(named pipe\), not a regular file/);
  } finally {
    removeDir(dir);
  }
});
