import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { build, type BuildOptions } from "../../../compiler/build/build.js";
import { readTree, removeDir } from "../../support/tree.js";
import { copyExample, demoKeyFile, fixtureSecrets } from "../secrets-store/support/secret-project.js";

/**
 * The Talos bundle is the cluster's identity: a build never makes a new one unless the user asked
 * for a new cluster and no copy exists anywhere; anything odd at its path is a coded error.
 */
const BUNDLE = "talsecret.sops.yaml";
const env = { PATH: process.env["PATH"], SOPS_AGE_KEY_FILE: demoKeyFile, ...fixtureSecrets };

function buildIn(dir: string, extra: Partial<BuildOptions> = {}) {
  return build({ entry: join(dir, "cluster.lab"), out: join(dir, "out"), cwd: dir, env: { ...env, HOME: dir, XDG_CONFIG_HOME: join(dir, ".no-config") }, ...extra });
}

function errors(report: Awaited<ReturnType<typeof build>>): { code: string; message: string }[] {
  return report.diagnostics.filter((d) => d.severity === "error").map((d) => ({ code: d.code, message: d.message }));
}

function only(report: Awaited<ReturnType<typeof build>>, code: string): string {
  const all = errors(report);
  assert.deepEqual(all.map((e) => e.code), [code], all.map((e) => `${e.code} ${e.message}`).join("\n"));
  return all[0]!.message;
}

const hasGit = spawnSync("git", ["--version"]).status === 0;
function git(dir: string, ...args: string[]): string {
  const run = spawnSync("git", args, { cwd: dir, encoding: "utf8", env: { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.org", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.org", GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_SYSTEM: "/dev/null" } });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout.trim();
}

/** Runs a restore command from a diagnostic the way a user pastes it into a shell. */
function sh(dir: string, command: string): void {
  const run = spawnSync("sh", ["-c", command], { cwd: dir, encoding: "utf8", env: { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null" } });
  assert.equal(run.status, 0, `${command}: ${run.stderr}`);
}

test("bundle removed after a build: the error names the output's copy and how to copy it back; nothing is made or written", async () => {
  const dir = copyExample("homelab");
  try {
    assert.ok((await buildIn(dir)).written);
    const original = readFileSync(join(dir, BUNDLE), "utf8");
    rmSync(join(dir, BUNDLE));
    const before = readTree(join(dir, "out"));
    for (const newCluster of [false, true]) {
      const report = await buildIn(dir, { newCluster });
      const message = only(report, "LAB4011");
      assert.match(message, /talsecret\.sops\.yaml is missing/);
      assert.ok(message.includes("cp -p out/talos/talsecret.sops.yaml talsecret.sops.yaml"), message);
      assert.equal(existsSync(join(dir, BUNDLE)), false, "no new bundle beside cluster.lab");
      assert.deepEqual(readTree(join(dir, "out")), before, "the output's copy is not overwritten");
    }
    sh(dir, /'(cp -p [^']+)'/.exec(only(await buildIn(dir), "LAB4011"))![1]!);
    assert.equal(readFileSync(join(dir, BUNDLE), "utf8"), original);
    assert.ok((await buildIn(dir)).written, "the restored bundle builds");
  } finally {
    removeDir(dir);
  }
});

test("bundle only in Git history: the error gives the commit and the exact git show command, which restores it", { skip: !hasGit && "git is not installed" }, async () => {
  const dir = copyExample("homelab");
  try {
    const original = readFileSync(join(dir, BUNDLE), "utf8");
    git(dir, "init", "-q");
    git(dir, "add", "cluster.lab", "secrets.sops.yaml", BUNDLE);
    git(dir, "commit", "-qm", "cluster");
    const rev = git(dir, "rev-parse", "HEAD");
    git(dir, "rm", "-q", BUNDLE);
    git(dir, "commit", "-qm", "oops");
    const message = only(await buildIn(dir, { newCluster: true }), "LAB4011");
    assert.ok(message.includes(`commit ${rev.slice(0, 7)}`), message);
    const command = `git show ${rev}:${BUNDLE} > ${BUNDLE}`;
    assert.ok(message.includes(`'${command}'`), message);
    assert.equal(existsSync(join(dir, BUNDLE)), false);
    assert.equal(existsSync(join(dir, "out")), false, "nothing written");
    sh(dir, command);
    assert.equal(readFileSync(join(dir, BUNDLE), "utf8"), original);
  } finally {
    removeDir(dir);
  }
});

test("the output's Git repository holds the only copy: the error says so, with a command that works from the project", { skip: !hasGit && "git is not installed" }, async () => {
  const dir = copyExample("homelab");
  try {
    const original = readFileSync(join(dir, BUNDLE), "utf8");
    assert.ok((await buildIn(dir)).written);
    const out = join(dir, "out");
    git(out, "init", "-q");
    git(out, "add", "-A");
    git(out, "commit", "-qm", "build");
    git(out, "rm", "-q", `talos/${BUNDLE}`);
    git(out, "commit", "-qm", "lost");
    rmSync(join(dir, BUNDLE));
    const message = only(await buildIn(dir), "LAB4011");
    const command = /'(git -C [^']+)'/.exec(message)?.[1];
    assert.ok(command, message);
    assert.match(command, /show [0-9a-f]{40}:talos\/talsecret\.sops\.yaml > talsecret\.sops\.yaml$/);
    sh(dir, command);
    assert.equal(readFileSync(join(dir, BUNDLE), "utf8"), original);
  } finally {
    removeDir(dir);
  }
});

test("no bundle anywhere: only an explicit --new-cluster build makes one (and says to commit it)", async () => {
  const dir = copyExample("homelab");
  try {
    rmSync(join(dir, BUNDLE));
    const refused = only(await buildIn(dir), "LAB4011");
    assert.match(refused, /labc build --new-cluster/);
    assert.equal(existsSync(join(dir, BUNDLE)), false);
    assert.equal(existsSync(join(dir, "out")), false);
    const made = await buildIn(dir, { newCluster: true });
    assert.deepEqual(errors(made), []);
    assert.ok(made.written);
    assert.ok(made.notes.some((n) => n.includes("created the Talos secrets bundle")), made.notes.join("\n"));
    const text = readFileSync(join(dir, BUNDLE), "utf8");
    assert.match(text, /^sops:/m);
    assert.equal(readFileSync(join(dir, "out", "talos", BUNDLE), "utf8"), text);
    // The flag never replaces a bundle that is there.
    await buildIn(dir, { newCluster: true });
    assert.equal(readFileSync(join(dir, BUNDLE), "utf8"), text);
  } finally {
    removeDir(dir);
  }
});

test("a dangling symlink at the bundle's path is LAB5003, not a missing bundle", async () => {
  const dir = copyExample("homelab");
  try {
    rmSync(join(dir, BUNDLE));
    symlinkSync(join(dir, "elsewhere", BUNDLE), join(dir, BUNDLE));
    const message = only(await buildIn(dir, { newCluster: true }), "LAB5003");
    assert.match(message, /talsecret\.sops\.yaml: it is a symlink to .*elsewhere\/talsecret\.sops\.yaml, which does not exist/);
    assert.ok(lstatSync(join(dir, BUNDLE)).isSymbolicLink(), "the link is left alone");
    assert.equal(existsSync(join(dir, "out")), false);
  } finally {
    removeDir(dir);
  }
});

test("a directory where the bundle belongs is LAB5003 naming the path (even as root)", async () => {
  const dir = copyExample("homelab");
  try {
    rmSync(join(dir, BUNDLE));
    mkdirSync(join(dir, BUNDLE));
    const message = only(await buildIn(dir, { newCluster: true }), "LAB5003");
    assert.match(message, /cannot read the Talos secrets bundle talsecret\.sops\.yaml: it is a directory/);
  } finally {
    removeDir(dir);
  }
});

test("an unreadable bundle (mode 000) is LAB5003 naming the path", { skip: process.getuid?.() === 0 && "root reads any file" }, async () => {
  const dir = copyExample("homelab");
  try {
    chmodSync(join(dir, BUNDLE), 0o000);
    const message = only(await buildIn(dir), "LAB5003");
    assert.match(message, /talsecret\.sops\.yaml: permission denied \(EACCES\)/);
  } finally {
    chmodSync(join(dir, BUNDLE), 0o600);
    removeDir(dir);
  }
});

test("no space left while saving the new bundle: LAB5001 naming the bundle's path; the output is not written", async () => {
  const dir = copyExample("homelab");
  try {
    rmSync(join(dir, BUNDLE));
    const tried: string[] = [];
    const report = await buildIn(dir, {
      newCluster: true,
      saveProjectFile: (path) => {
        tried.push(path);
        throw Object.assign(new Error(`ENOSPC: no space left on device, write`), { code: "ENOSPC" });
      },
    });
    const message = only(report, "LAB5001");
    assert.match(message, /cannot save the new Talos secrets bundle talsecret\.sops\.yaml: no space left on the device \(ENOSPC\)/);
    assert.deepEqual(tried, [join(dir, BUNDLE)]);
    assert.equal(report.written, undefined);
    assert.equal(existsSync(join(dir, "out")), false, "no output refers to a bundle that was not saved");
  } finally {
    removeDir(dir);
  }
});

test("EACCES while saving the store is LAB5001 naming it", async () => {
  // Values from the environment, so the build has something to save into a new store.
  const dir = copyExample("ha", { edit: (lab) => lab.replace('cloudflare-token   = store()', 'cloudflare-token   = env("LABC_FIXTURE_CLOUDFLARE_TOKEN")').replace('tunnel-credentials = store()', 'tunnel-credentials = env("LABC_FIXTURE_TUNNEL")') });
  try {
    rmSync(join(dir, "secrets.sops.yaml"));
    const report = await buildIn(dir, {
      saveProjectFile: () => {
        throw Object.assign(new Error("EACCES: permission denied"), { code: "EACCES" });
      },
    });
    assert.match(only(report, "LAB5001"), /cannot save the secret store secrets\.sops\.yaml: permission denied \(EACCES\)/);
  } finally {
    removeDir(dir);
  }
});

test("the secret store only in Git history: the build stops before making new tokens, with the restore command", { skip: !hasGit && "git is not installed" }, async () => {
  const dir = copyExample("ha");
  try {
    git(dir, "init", "-q");
    git(dir, "add", "-A");
    git(dir, "commit", "-qm", "cluster");
    const original = readFileSync(join(dir, "secrets.sops.yaml"), "utf8");
    // Deleted from the work tree only: Git's index still has it.
    rmSync(join(dir, "secrets.sops.yaml"));
    const message = only(await buildIn(dir), "LAB4011");
    assert.match(message, /secret store secrets\.sops\.yaml is missing/);
    assert.match(message, /webhook-token, github-deploy-key/);
    assert.ok(message.includes(`'git show :secrets.sops.yaml > secrets.sops.yaml'`), message);
    assert.equal(existsSync(join(dir, "secrets.sops.yaml")), false, "no new store with new values");
    // Deleted and committed: the commit that still has it.
    const rev = git(dir, "rev-parse", "HEAD");
    git(dir, "rm", "-q", "--cached", "secrets.sops.yaml");
    git(dir, "commit", "-qm", "gone");
    const committed = only(await buildIn(dir), "LAB4011");
    const command = `git show ${rev}:secrets.sops.yaml > secrets.sops.yaml`;
    assert.ok(committed.includes(`'${command}'`), committed);
    sh(dir, command);
    assert.equal(readFileSync(join(dir, "secrets.sops.yaml"), "utf8"), original);
  } finally {
    removeDir(dir);
  }
});
