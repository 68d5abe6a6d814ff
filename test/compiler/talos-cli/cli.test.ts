import { test } from "node:test";
import { spawnSync } from "node:child_process";
import assert from "node:assert/strict";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { fixtureEnv } from "../../golden/cases.js";
import { repoPath, upstreamPath } from "../../support/paths.js";
import { removeDir, tempDir } from "../../support/tree.js";
import { labc } from "./support/run-cli.js";
import { listFiles } from "../../support/tree.js";
import { loadExample } from "./support/examples.js";

/** A scratch copy of an example (cluster.lab, its demo age.key and its committed Talos bundle). */
function scratch(example: "homelab" | "ha"): string {
  const dir = tempDir(`talos-cli-${example}`);
  cpSync(repoPath("examples", example), join(dir, "lab"), { recursive: true });
  return dir;
}

const env = { LABC_FIXTURE_CLOUDFLARE_TOKEN: fixtureEnv["LABC_FIXTURE_CLOUDFLARE_TOKEN"], LABC_FIXTURE_TUNNEL: fixtureEnv["LABC_FIXTURE_TUNNEL"] };

function snapshot(dir: string): Map<string, string> {
  return new Map(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), "utf8")]));
}

test("talos config: every HA node plus talosconfig, 0600 in a 0700 dir, a second run changes no byte, the bundle is untouched", () => {
  const dir = scratch("ha");
  try {
    const bundle = readFileSync(join(dir, "lab", "talsecret.sops.yaml"), "utf8");
    const first = labc(["talos", "config", "lab/cluster.lab", "--out", "repo"], { cwd: dir, env });
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /wrote repo\/talos\/clusterconfig\/: 5 machine configs and talosconfig/);
    assert.match(first.stdout, /private keys in plaintext/);
    const out = join(dir, "repo", "talos", "clusterconfig");
    assert.deepEqual(readdirSync(out).sort(), ["lab-cp-1.yaml", "lab-cp-2.yaml", "lab-cp-3.yaml", "lab-worker-1.yaml", "lab-worker-2.yaml", "talosconfig"]);
    assert.equal(statSync(out).mode & 0o777, 0o700);
    for (const f of readdirSync(out)) assert.equal(statSync(join(out, f)).mode & 0o777, 0o600, f);
    const before = snapshot(out);
    const second = labc(["talos", "config", "lab/cluster.lab", "--out", "repo"], { cwd: dir, env });
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /0 changed/);
    assert.match(second.stdout, /keeps its admin certificate/);
    assert.deepEqual(snapshot(out), before, "the talosconfig certificate is kept, so nothing differs");
    assert.equal(readFileSync(join(dir, "lab", "talsecret.sops.yaml"), "utf8"), bundle, "talos config never rewrites the bundle");
    // Key material goes to the files only, never to the terminal.
    for (const text of [first.stdout, first.stderr, second.stdout, second.stderr]) assert.doesNotMatch(text, /PRIVATE KEY|LS0tLS1/);
  } finally {
    removeDir(dir);
  }
});

test("talos config --node writes that node only; a build later keeps talos/clusterconfig", () => {
  const dir = scratch("homelab");
  try {
    const r = labc(["talos", "config", "lab/cluster.lab", "--out", "repo", "--node", "cp-01"], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(readdirSync(join(dir, "repo", "talos", "clusterconfig")).sort(), ["home-cp-01.yaml", "talosconfig"]);
    const unknown = labc(["talos", "config", "lab/cluster.lab", "--out", "repo", "--node", "cp-9"], { cwd: dir });
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /no node 'cp-9'.*the nodes are: cp-01/);
    const build = labc(["build", "lab/cluster.lab", "--out", "repo"], { cwd: dir });
    assert.equal(build.code, 0, build.stderr);
    assert.ok(existsSync(join(dir, "repo", "talos", "talconfig.yaml")));
    assert.deepEqual(readdirSync(join(dir, "repo", "talos", "clusterconfig")).sort(), ["home-cp-01.yaml", "talosconfig"], "labc build leaves the machine configs alone");
    assert.match(readFileSync(join(dir, "repo", ".gitignore"), "utf8"), /^talos\/clusterconfig\/$/m, "and the repository never commits them");
  } finally {
    removeDir(dir);
  }
});

test("talos config holds the project lock: a live build's lock stops it before anything is written", () => {
  const dir = scratch("homelab");
  try {
    writeFileSync(join(dir, "lab", ".labc.lock"), JSON.stringify({ pid: process.pid, host: hostname(), started: new Date().toISOString(), command: "labc build" }));
    const busy = labc(["talos", "config", "lab/cluster.lab", "--out", "repo"], { cwd: dir, env });
    assert.equal(busy.code, 1);
    assert.match(busy.stderr, /labc talos config: another labc is writing this project: 'labc build' .*nothing was written/);
    assert.equal(existsSync(join(dir, "repo", "talos", "clusterconfig")), false);
  } finally {
    removeDir(dir);
  }
});

test("talos config never creates a bundle: without one it sends the user to labc build --new-cluster, exit 1", () => {
  const dir = scratch("homelab");
  try {
    removeDir(join(dir, "lab", "talsecret.sops.yaml"));
    const r = labc(["talos", "config", "lab/cluster.lab", "--out", "repo"], { cwd: dir });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /error LAB5003: there is no Talos secrets bundle lab\/talsecret\.sops\.yaml yet; for a new cluster run `labc build --new-cluster` first/);
    assert.equal(existsSync(join(dir, "lab", "talsecret.sops.yaml")), false);
    assert.equal(existsSync(join(dir, "repo")), false, "nothing was written");
  } finally {
    removeDir(dir);
  }
});

test("talos config with a FIFO where the bundle belongs: LAB5003 naming it, exit 1, no hang", { skip: spawnSync("mkfifo", ["--version"]).status !== 0 && "mkfifo is not installed" }, () => {
  const dir = scratch("homelab");
  try {
    const bundle = join(dir, "lab", "talsecret.sops.yaml");
    removeDir(bundle);
    assert.equal(spawnSync("mkfifo", [bundle]).status, 0);
    const run = spawnSync(process.execPath, [repoPath("bin", "labc.js"), "talos", "config", "lab/cluster.lab", "--out", "repo"], { cwd: dir, env: { PATH: process.env["PATH"], HOME: dir }, encoding: "utf8", timeout: 20_000 });
    assert.equal(run.error, undefined, "labc talos config did not finish");
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stderr, /error LAB5003: lab\/talsecret\.sops\.yaml: it is a FIFO \(named pipe\), not a regular file/);
  } finally {
    removeDir(dir);
  }
});

test("talos config without the age key: a clear undecryptable error, exit 1, nothing written", () => {
  const dir = scratch("homelab");
  try {
    removeDir(join(dir, "lab", "age.key"));
    const r = labc(["talos", "config", "lab/cluster.lab", "--out", "repo"], { cwd: dir });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /error LAB4004: cannot decrypt lab\/talsecret\.sops\.yaml/);
    assert.equal(existsSync(join(dir, "repo")), false);
  } finally {
    removeDir(dir);
  }
});

test("import-secrets: the vector bundle round-trips, the same bundle again is a no-op, a different one needs --force", () => {
  const dir = scratch("homelab");
  try {
    removeDir(join(dir, "lab", "talsecret.sops.yaml"));
    cpSync(upstreamPath("vectors", "talos", "secrets.yaml"), join(dir, "secrets.yaml"));
    const imported = labc(["talos", "import-secrets", "secrets.yaml", "lab/cluster.lab"], { cwd: dir });
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stdout, /imported secrets\.yaml into lab\/talsecret\.sops\.yaml/);
    assert.match(imported.stdout, /secrets\.yaml holds the secrets in plaintext/);
    const stored = readFileSync(join(dir, "lab", "talsecret.sops.yaml"), "utf8");
    assert.match(stored, /^sops:/m);
    assert.equal(statSync(join(dir, "lab", "talsecret.sops.yaml")).mode & 0o777, 0o600);

    // The configs made from the imported bundle carry the vector's CAs.
    assert.equal(labc(["talos", "config", "lab/cluster.lab", "--out", "repo"], { cwd: dir }).code, 0);
    const vector = readFileSync(upstreamPath("vectors", "talos", "secrets.yaml"), "utf8");
    const osCrt = /os:\n\s+crt: (\S+)/.exec(vector)![1]!;
    assert.ok(readFileSync(join(dir, "repo", "talos", "clusterconfig", "home-cp-01.yaml"), "utf8").includes(osCrt));

    const again = labc(["talos", "import-secrets", "secrets.yaml", "lab/cluster.lab"], { cwd: dir });
    assert.equal(again.code, 0);
    assert.match(again.stdout, /already holds this bundle; nothing to do/);
    assert.equal(readFileSync(join(dir, "lab", "talsecret.sops.yaml"), "utf8"), stored, "not rewritten");

    // The example's own (SOPS-encrypted) bundle is a different cluster identity.
    const other = repoPath("examples", "homelab", "talsecret.sops.yaml");
    const refused = labc(["talos", "import-secrets", other, "lab/cluster.lab"], { cwd: dir });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /holds a different bundle.*--force/);
    assert.equal(readFileSync(join(dir, "lab", "talsecret.sops.yaml"), "utf8"), stored);
    // A build (or anything else holding the project's lock) and an import never interleave.
    const lock = join(dir, "lab", ".labc.lock");
    writeFileSync(lock, JSON.stringify({ pid: process.pid, host: hostname(), started: new Date().toISOString(), command: "labc build" }));
    const busy = labc(["talos", "import-secrets", other, "lab/cluster.lab", "--force"], { cwd: dir });
    assert.equal(busy.code, 1);
    assert.match(busy.stderr, /another labc is writing this project: 'labc build' .*nothing was imported/);
    assert.equal(readFileSync(join(dir, "lab", "talsecret.sops.yaml"), "utf8"), stored);
    rmSync(lock);
    const forced = labc(["talos", "import-secrets", other, "lab/cluster.lab", "--force"], { cwd: dir });
    assert.equal(forced.code, 0, forced.stderr);
    assert.match(forced.stdout, /previous bundle was replaced/);
    assert.doesNotMatch(forced.stdout, /plaintext/, "an encrypted source needs no warning");
  } finally {
    removeDir(dir);
  }
});

test("import-secrets rejects what is not a bundle (exit 1) and a missing file (exit 2)", () => {
  const dir = scratch("homelab");
  try {
    writeFileSync(join(dir, "junk.yaml"), "cluster:\n  id: abc\n");
    const junk = labc(["talos", "import-secrets", "junk.yaml", "lab/cluster.lab"], { cwd: dir });
    assert.equal(junk.code, 1);
    assert.match(junk.stderr, /junk\.yaml:1:1: error LAB5003: junk\.yaml is not a Talos secrets bundle/);
    assert.equal(labc(["talos", "import-secrets", "nope.yaml", "lab/cluster.lab"], { cwd: dir }).code, 2);
    assert.equal(labc(["talos", "import-secrets"], { cwd: dir }).code, 2);
  } finally {
    removeDir(dir);
  }
});

test("talos commands for HA: 5 applies, 1 bootstrap on cp-1; stdout holds only talosctl lines", () => {
  const dir = scratch("ha");
  try {
    const apply = labc(["talos", "commands", "apply", "lab/cluster.lab", "--out", "repo", "--insecure"], { cwd: dir, env });
    assert.equal(apply.code, 0, apply.stderr);
    const lines = apply.stdout.trimEnd().split("\n");
    assert.equal(lines.length, 5);
    assert.ok(lines.every((l) => l.startsWith("talosctl apply-config --talosconfig=repo/talos/clusterconfig/talosconfig ") && l.endsWith(" --insecure")));
    assert.match(apply.stderr, /run `labc talos config` before these commands/);
    const bootstrap = labc(["talos", "commands", "bootstrap", "lab/cluster.lab", "--out", "repo"], { cwd: dir, env });
    assert.equal(bootstrap.stdout, "talosctl bootstrap --talosconfig=repo/talos/clusterconfig/talosconfig --nodes=10.20.0.11\n");
    const one = labc(["talos", "commands", "upgrade", "lab/cluster.lab", "--out", "repo", "--node", "worker-1"], { cwd: dir, env });
    assert.equal(one.stdout.split("\n").filter(Boolean).length, 1);
    assert.match(one.stdout, /installer-secureboot\//);
  } finally {
    removeDir(dir);
  }
});

test("talos usage errors exit 2", () => {
  const dir = scratch("homelab");
  try {
    const run = (...args: string[]) => labc(["talos", ...args], { cwd: dir });
    assert.equal(run().code, 2, "no subcommand");
    assert.equal(run("--help").code, 0);
    assert.equal(run("frobnicate").code, 2);
    assert.equal(run("commands", "lab/cluster.lab").code, 2, "the action comes first");
    assert.equal(run("commands", "dance", "lab/cluster.lab").code, 2);
    assert.equal(run("commands", "bootstrap", "lab/cluster.lab", "--insecure").code, 2);
    assert.equal(run("config", "lab/cluster.lab", "--frob").code, 2);
    assert.equal(run("config", "lab/missing.lab").code, 2);
  } finally {
    removeDir(dir);
  }
});

test("input errors in cluster.lab exit 1 with diagnostics", () => {
  const dir = scratch("homelab");
  try {
    const file = join(dir, "lab", "cluster.lab");
    writeFileSync(file, readFileSync(file, "utf8").replace("kubernetes = v1.33.4", "kubernetes = v1.36.0"));
    const r = labc(["talos", "config", "lab/cluster.lab", "--out", "repo"], { cwd: dir });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /error LAB2022: Talos 1\.10 runs Kubernetes 1\.28 to 1\.33/);
    assert.equal(labc(["talos", "commands", "apply", "lab/cluster.lab"], { cwd: dir }).code, 1);
  } finally {
    removeDir(dir);
  }
});

test("after build and talos config, no key or token of the bundle is in plaintext outside talos/clusterconfig/", async () => {
  const dir = scratch("ha");
  try {
    assert.equal(labc(["build", "lab/cluster.lab", "--out", "repo"], { cwd: dir, env }).code, 0);
    assert.equal(labc(["talos", "config", "lab/cluster.lab", "--out", "repo"], { cwd: dir, env }).code, 0);
    const { secrets } = await loadExample("ha");
    const { certs } = secrets;
    const pems = [certs.etcd.key, certs.k8s.key, certs.k8sAggregator.key, certs.k8sServiceAccount.key, certs.os.key, certs.etcd.crt, certs.k8s.crt, certs.k8sAggregator.crt, certs.os.crt];
    const needles = [
      ...pems.map((p) => Buffer.from(p).toString("base64")),
      ...pems.flatMap((p) => p.split("\n").filter((l) => l.length >= 40)),
      secrets.cluster.secret, secrets.cluster.id, secrets.secrets.bootstrapToken, secrets.trustdInfo.token, secrets.secrets.secretboxEncryptionSecret!,
    ];
    const inside = listFiles(join(dir, "repo")).filter((f) => f.startsWith("talos/clusterconfig/"));
    assert.equal(inside.length, 6);
    assert.ok(inside.every((f) => needles.some((n) => readFileSync(join(dir, "repo", f), "utf8").includes(n))), "the machine configs do hold the keys");
    for (const f of listFiles(join(dir, "repo")).filter((f) => !f.startsWith("talos/clusterconfig/"))) {
      const text = readFileSync(join(dir, "repo", f), "utf8");
      for (const n of needles) assert.ok(!text.includes(n), `${f} holds Talos key material in plaintext`);
    }
  } finally {
    removeDir(dir);
  }
});

test("talos config: a FIFO or a folder where talosconfig or a machine config goes is LAB5001 naming the path, exit 1, no hang", () => {
  const dir = scratch("homelab");
  try {
    const out = join(dir, "repo", "talos", "clusterconfig");
    mkdirSync(out, { recursive: true });
    for (const [name, make] of [
      ["talosconfig", (p: string) => spawnSync("mkfifo", [p]).status === 0],
      ["talosconfig", (p: string) => (mkdirSync(p), true)],
      ["home-cp-01.yaml", (p: string) => spawnSync("mkfifo", [p]).status === 0],
    ] as const) {
      const path = join(out, name);
      removeDir(path);
      assert.ok(make(path), "mkfifo is needed for this test");
      const r = labc(["talos", "config", "lab/cluster.lab", "--out", "repo"], { cwd: dir, env });
      assert.equal(r.code, 1, `${name}: ${r.stderr}`);
      assert.match(r.stderr, /error LAB5001: /);
      assert.ok(r.stderr.includes(path), r.stderr);
      assert.doesNotMatch(r.stderr, /internal error/);
      removeDir(path);
    }
  } finally {
    removeDir(dir);
  }
});
