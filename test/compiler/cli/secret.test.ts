import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { removeDir, tempDir } from "../../support/tree.js";
import { upstreamPath } from "../../support/paths.js";
import { independentDecrypt } from "../secrets/support/independent-sops.js";
import { copyExample, quietChange, dataKeyOf, demoIdentity, demoKeyFile, labc, type Run } from "../secrets-store/support/secret-project.js";

/**
 * `labc secret …` through the real binary: values go in through stdin only, come out through
 * `get` and `decrypt` only, and every write keeps the ciphertext of the values it did not change.
 */

const keyEnv = { SOPS_AGE_KEY_FILE: demoKeyFile };

function storeValues(dir: string): Record<string, string> {
  const text = readFileSync(join(dir, "secrets.sops.yaml"), "utf8");
  return independentDecrypt(text, dataKeyOf(text, demoIdentity)).documents[0] as Record<string, string>;
}

function assertNoValues(run: Run, values: readonly string[], what: string): void {
  for (const v of values) {
    assert.ok(!run.stdout.includes(v) && !run.stderr.includes(v), `${what} printed a secret value`);
  }
}

/** A shell script used as $EDITOR: logs the scratch file's mode and path, then runs `body` on it ("$1"). */
function editorScript(dir: string, body: string): { path: string; log: string } {
  const path = join(dir, "editor.sh");
  const log = join(dir, "editor.log");
  writeFileSync(path, `#!/bin/sh\nstat -c '%a %n' "$1" > '${log}'\n${body}\n`);
  chmodSync(path, 0o755);
  return { path, log };
}

test("set reads stdin and changes only that value's ciphertext, the MAC and lastmodified; get prints it; rm removes it", () => {
  const dir = copyExample("homelab");
  try {
    const store = join(dir, "secrets.sops.yaml");
    const before = readFileSync(store, "utf8");
    const old = storeValues(dir);
    const value = "rotated-cloudflare-token-7f3a";
    const set = labc(["secret", "set", "cloudflare-token"], { cwd: dir, env: keyEnv, input: `${value}\n` });
    assert.equal(set.code, 0, set.stderr);
    assert.match(set.stdout, /updated cloudflare-token in secrets\.sops\.yaml/);
    assertNoValues(set, [value, ...Object.values(old)], "set");
    assert.deepEqual(quietChange(before, readFileSync(store, "utf8")), ["cloudflare-token", "mac"]);
    assert.deepEqual(storeValues(dir), { ...old, "cloudflare-token": value }, "an independent decoder reads the new value");

    const get = labc(["secret", "get", "cloudflare-token"], { cwd: dir, env: keyEnv });
    assert.equal(get.code, 0, get.stderr);
    assert.equal(get.stdout, `${value}\n`);
    assert.equal(get.stderr, "");

    const same = labc(["secret", "set", "cloudflare-token"], { cwd: dir, env: keyEnv, input: value });
    assert.match(same.stdout, /already holds this value; nothing changed/);

    const added = labc(["secret", "set", "extra-value"], { cwd: dir, env: keyEnv, input: "extra-plaintext-991\n" });
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, /note: .*does not declare extra-value; add: secret extra-value = store\(\)/);
    const rm = labc(["secret", "rm", "extra-value"], { cwd: dir, env: keyEnv });
    assert.equal(rm.code, 0, rm.stderr);
    assert.equal(labc(["secret", "get", "extra-value"], { cwd: dir, env: keyEnv }).code, 1);
    assert.equal(labc(["secret", "rm", "extra-value"], { cwd: dir, env: keyEnv }).code, 1);
    assertNoValues(rm, ["extra-plaintext-991"], "rm");
  } finally {
    removeDir(dir);
  }
});

test("set never takes a value from the command line, and refuses an empty one", () => {
  const dir = copyExample("homelab");
  try {
    const argv = labc(["secret", "set", "cloudflare-token", "hunter2-on-argv", "more"], { cwd: dir, env: keyEnv });
    assert.equal(argv.code, 2);
    assert.match(argv.stderr, /never taken from the command line/);
    assertNoValues(argv, ["hunter2-on-argv", "more"], "set with a value on argv");
    const empty = labc(["secret", "set", "cloudflare-token"], { cwd: dir, env: keyEnv, input: "" });
    assert.equal(empty.code, 1);
    assert.match(empty.stderr, /no value for cloudflare-token/);
    assert.equal(labc(["secret", "set", "bad name!"], { cwd: dir, env: keyEnv, input: "x" }).code, 2);
    const noKey = labc(["secret", "set", "cloudflare-token"], { cwd: dir, input: "x" });
    assert.equal(noKey.code, 1);
    assert.match(noKey.stderr, /looked for age keys in: .*SOPS_AGE_KEY_FILE.*age\.key/);
  } finally {
    removeDir(dir);
  }
});

test("list shows names, sources, availability and the outputs that use each secret, never values; it needs no key", () => {
  const dir = copyExample("homelab");
  try {
    const values = Object.values(storeValues(dir));
    const text = labc(["secret", "list"], { cwd: dir });
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^cloudflare-token +store\(\) +in the store$/m);
    assert.match(text.stdout, /→ kubernetes\/apps\/cert-manager\/cert-manager\/ +\(app cert-manager \(token\)\)/);
    assertNoValues(text, values, "list");
    const json = labc(["secret", "list", "--format", "json"], { cwd: dir });
    const listed = JSON.parse(json.stdout) as { secrets: { name: string; source: string; status: string; usedBy: { by: string }[] }[] };
    assert.deepEqual(listed.secrets.map((s) => s.name), ["cloudflare-token", "tunnel-credentials", "webhook-token", "cluster-age-key"]);
    assert.deepEqual(listed.secrets[3], { name: "cluster-age-key", source: "the cluster's own age key, Flux's (generated)", status: "in the store", usedBy: [{ by: "Flux (the sops-age Secret it decrypts with)", outputs: ["kubernetes/components/common/sops/sops-age.sops.yaml"] }] });
    assert.deepEqual(listed.secrets[2]!.usedBy.map((u) => u.by), ["app flux-instance (webhook-token)"]);
    assertNoValues(json, values, "list --format json");
  } finally {
    removeDir(dir);
  }
});

test("get NAME.pub prints the public half of the private repository's deploy key", () => {
  const dir = copyExample("ha");
  try {
    const pub = labc(["secret", "get", "github-deploy-key.pub"], { cwd: dir, env: keyEnv });
    assert.equal(pub.code, 0, pub.stderr);
    assert.match(pub.stdout, /^ssh-ed25519 AAAAC3NzaC1lZDI1NTE5\S+ github-deploy-key\n$/);
    const key = labc(["secret", "get", "github-deploy-key"], { cwd: dir, env: keyEnv }).stdout;
    assert.match(key, /^-----BEGIN OPENSSH PRIVATE KEY-----\n/);
    const keyFile = join(dir, "deploy.key");
    writeFileSync(keyFile, key, { mode: 0o600 });
    const derived = spawnSync("ssh-keygen", ["-y", "-f", keyFile], { encoding: "utf8" });
    if (derived.error === undefined) assert.equal(derived.stdout.split(" ").slice(0, 2).join(" "), pub.stdout.split(" ").slice(0, 2).join(" "), "ssh-keygen derives the same public key");
    const notKey = labc(["secret", "get", "webhook-token.pub"], { cwd: dir, env: keyEnv });
    assert.equal(notKey.code, 1);
    assert.match(notKey.stderr, /does not hold an SSH private key/);
    assert.equal(notKey.stdout, "");
  } finally {
    removeDir(dir);
  }
});

test("decrypt prints any SOPS file; a changed value, key path or MAC is an error and prints nothing", () => {
  const dir = copyExample("homelab");
  try {
    const ok = labc(["secret", "decrypt", "secrets.sops.yaml"], { cwd: dir, env: keyEnv });
    assert.equal(ok.code, 0, ok.stderr);
    for (const [k, v] of Object.entries(storeValues(dir))) assert.ok(ok.stdout.includes(`${k}:`) && ok.stdout.includes(v.split("\n")[0]!), k);
    assert.doesNotMatch(ok.stdout, /^sops:/m);

    const text = readFileSync(join(dir, "secrets.sops.yaml"), "utf8");
    const tampered: Record<string, string> = {
      value: text.replace(/(webhook-token: ENC\[AES256_GCM,data:)(.)/, (_, p: string, c: string) => p + (c === "A" ? "B" : "A")),
      "key path": text.replace(/^webhook-token:/m, "webhook-tokens:"),
      MAC: text.replace(/(\n {2}mac: ENC\[AES256_GCM,data:)(.)/, (_, p: string, c: string) => p + (c === "A" ? "B" : "A")),
      lastmodified: text.replace(/lastmodified: "(\d{4})/, (_, y: string) => `lastmodified: "${Number(y) + 1}`),
    };
    for (const [what, bad] of Object.entries(tampered)) {
      assert.notEqual(bad, text, what);
      writeFileSync(join(dir, "bad.sops.yaml"), bad);
      const r = labc(["secret", "decrypt", "bad.sops.yaml"], { cwd: dir, env: keyEnv });
      assert.equal(r.code, 1, `${what}: ${r.stderr}`);
      assert.equal(r.stdout, "", `${what}: nothing on stdout`);
      assert.match(r.stderr, /was altered after it was encrypted/, what);
    }

    const empty = tempDir("no-key");
    try {
      const noKey = labc(["secret", "decrypt", "secrets.sops.yaml"], { cwd: empty });
      assert.equal(noKey.code, 2, "a missing file is a usage error");
    } finally {
      removeDir(empty);
    }
    const keyless = labc(["secret", "decrypt", join(dir, "secrets.sops.yaml")], { cwd: dir, env: { SOPS_AGE_KEY_FILE: join(dir, "nowhere.txt") } });
    assert.equal(keyless.code, 1);
    assert.match(keyless.stderr, /looked for keys in: .*nowhere\.txt/);
    assert.equal(keyless.stdout, "");
  } finally {
    removeDir(dir);
  }
});

test("decrypt reads sops' own JSON, dotenv and binary files", () => {
  const cwd = upstreamPath("sops-vectors");
  const env = (key: string) => ({ SOPS_AGE_KEY_FILE: join(cwd, key) });
  const json = labc(["secret", "decrypt", "getsops-sops/pr1031-example.json"], { cwd, env: env("getsops-sops/age-keys.txt") });
  assert.equal(json.code, 0, json.stderr);
  assert.equal((JSON.parse(json.stdout) as { firstName: string }).firstName, "John");
  const dotenv = labc(["secret", "decrypt", "fluxcd-kustomize-controller/envs-env.env"], { cwd, env: env("fluxcd-kustomize-controller/keys/age.txt") });
  assert.equal(dotenv.stdout, "key=value\n");
  const binary = labc(["secret", "decrypt", "getsops-sops/pr1031-example.txt"], { cwd, env: env("getsops-sops/age-keys.txt") });
  assert.match(binary.stdout, /^Welcome to SOPS!/);
});

test("edit: a 0600 scratch file in $EDITOR, removed afterwards; untouched values keep their ciphertext", () => {
  const dir = copyExample("homelab");
  try {
    const store = join(dir, "secrets.sops.yaml");
    const before = readFileSync(store, "utf8");
    const old = storeValues(dir);
    const editor = editorScript(dir, `sed -i 's/^webhook-token: .*/webhook-token: edited-by-editor-5150/' "$1"`);
    const r = labc(["secret", "edit", "secrets.sops.yaml"], { cwd: dir, env: { ...keyEnv, EDITOR: editor.path } });
    assert.equal(r.code, 0, r.stderr);
    assertNoValues(r, [...Object.values(old), "edited-by-editor-5150"], "edit");
    const [mode, scratch] = readFileSync(editor.log, "utf8").trim().split(" ");
    assert.equal(mode, "600", "the scratch file is readable by its owner only");
    assert.ok(!existsSync(scratch!), "the scratch file is gone");
    assert.ok(!scratch!.startsWith(dir), "the scratch file lives outside the project");
    const after = readFileSync(store, "utf8");
    assert.deepEqual(quietChange(before, after), ["webhook-token", "mac"]);
    assert.deepEqual(storeValues(dir), { ...old, "webhook-token": "edited-by-editor-5150" });
    assert.equal(readFileSync(join(dir, "secrets.sops.yaml"), "utf8"), after);

    const untouched = labc(["secret", "edit", "secrets.sops.yaml"], { cwd: dir, env: { ...keyEnv, EDITOR: "true" } });
    assert.equal(untouched.code, 0);
    assert.match(untouched.stdout, /no changes/);
    assert.equal(readFileSync(store, "utf8"), after, "no edit, no write");
  } finally {
    removeDir(dir);
  }
});

test("edit: a write to the file while the editor is open wins; the edit is refused, not saved over it", () => {
  const dir = copyExample("homelab");
  try {
    const store = join(dir, "secrets.sops.yaml");
    // The editor changes the scratch copy while something else (here: the script) writes the file.
    const editor = editorScript(dir, `sed -i 's/^webhook-token: .*/webhook-token: edited-by-editor-5151/' "$1"\nprintf '# written meanwhile\\n' >> '${store}'`);
    const r = labc(["secret", "edit", "secrets.sops.yaml"], { cwd: dir, env: { ...keyEnv, EDITOR: editor.path } });
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stderr, /secrets\.sops\.yaml changed while the editor was open .*Run 'labc secret edit' again/);
    assert.match(readFileSync(store, "utf8"), /# written meanwhile\n$/, "the other write is kept");
    assert.ok(!existsSync(join(dir, ".labc.lock")), "the lock is released");
  } finally {
    removeDir(dir);
  }
});

test("edit: a live lock when the editor closes names the holder and says the edit was not saved", () => {
  const dir = copyExample("homelab");
  try {
    const store = join(dir, "secrets.sops.yaml");
    const before = readFileSync(store, "utf8");
    // The editor edits, then a build takes the project's lock before labc saves.
    const lock = join(dir, ".labc.lock");
    const editor = editorScript(dir, `sed -i 's/^webhook-token: .*/webhook-token: edited-by-editor-5152/' "$1"\nprintf '%s' '${JSON.stringify({ pid: process.pid, host: hostname(), started: new Date().toISOString(), command: "labc build" })}' > '${lock}'`);
    const r = labc(["secret", "edit", "secrets.sops.yaml"], { cwd: dir, env: { ...keyEnv, EDITOR: editor.path } });
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stderr, /another labc is writing this project: 'labc build' .*your edit of secrets\.sops\.yaml was not saved/);
    assert.equal(readFileSync(store, "utf8"), before);
  } finally {
    removeDir(dir);
  }
});

test("edit: a failing editor, broken YAML or a signal leave the file as it was and the scratch file removed", () => {
  const dir = copyExample("homelab");
  try {
    const store = join(dir, "secrets.sops.yaml");
    const before = readFileSync(store, "utf8");
    const cases: { name: string; body: string; code: number }[] = [
      { name: "editor fails", body: `echo 'webhook-token: half-done' >> "$1"; exit 3`, code: 1 },
      { name: "broken YAML", body: `echo 'webhook-token: [unclosed' >> "$1"`, code: 1 },
      { name: "SIGTERM", body: `kill -TERM $PPID; sleep 5`, code: 143 },
    ];
    for (const c of cases) {
      const editor = editorScript(dir, c.body);
      const r = labc(["secret", "edit", "secrets.sops.yaml"], { cwd: dir, env: { ...keyEnv, EDITOR: editor.path } });
      assert.equal(r.code, c.code, `${c.name}: ${r.stderr}`);
      const scratch = readFileSync(editor.log, "utf8").trim().split(" ")[1]!;
      assert.ok(!existsSync(scratch), `${c.name}: the scratch file is gone`);
      assert.equal(readFileSync(store, "utf8"), before, `${c.name}: the file is unchanged`);
    }
  } finally {
    removeDir(dir);
  }
});

test("rotate: fresh data keys everywhere, the old keys open none of the new files, and a rebuild keeps them", () => {
  const dir = copyExample("homelab");
  try {
    const values = Object.values(storeValues(dir));
    const built = labc(["build", "cluster.lab", "--out", "out"], { cwd: dir, env: keyEnv });
    assert.equal(built.code, 0, built.stderr);
    assertNoValues(built, values, "build");
    const files = ["secrets.sops.yaml", "talsecret.sops.yaml", ...listSops(join(dir, "out")).map((f) => `out/${f}`)];
    assert.ok(files.length >= 9, files.join(", "));
    const old = new Map(files.map((f) => {
      const text = readFileSync(join(dir, f), "utf8");
      const key = dataKeyOf(text, demoIdentity);
      return [f, { key, documents: independentDecrypt(text, key).documents }];
    }));

    const r = labc(["secret", "rotate", "--out", "out"], { cwd: dir, env: keyEnv });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`rotated ${files.length} files`));
    assertNoValues(r, values, "rotate");
    for (const f of files) {
      const text = readFileSync(join(dir, f), "utf8");
      const key = dataKeyOf(text, demoIdentity);
      const before = old.get(f)!;
      assert.ok(!key.equals(before.key), `${f}: a new data key`);
      assert.throws(() => independentDecrypt(text, before.key), Error, `${f}: the old data key no longer decrypts it`);
      assert.deepEqual(independentDecrypt(text, key).documents, before.documents, `${f}: same values`);
    }
    assert.equal(readFileSync(join(dir, "out", "talos", "talsecret.sops.yaml"), "utf8"), readFileSync(join(dir, "talsecret.sops.yaml"), "utf8"));
    const rebuild = labc(["build", "cluster.lab", "--out", "out"], { cwd: dir, env: keyEnv });
    assert.match(rebuild.stdout, /, 0 changed/, "the build keeps the rotated files");
  } finally {
    removeDir(dir);
  }
});

function listSops(root: string): string[] {
  const run = spawnSync("find", [".", "-name", "*.sops.yaml", "-not", "-name", ".sops.yaml"], { cwd: root, encoding: "utf8" });
  return run.stdout.split("\n").filter((l) => l !== "").map((l) => l.replace(/^\.\//, "")).sort();
}

test("rotate and set hold the project lock: a live holder stops them, naming it; a stale one is taken over", () => {
  const dir = copyExample("homelab");
  try {
    const store = join(dir, "secrets.sops.yaml");
    const before = readFileSync(store, "utf8");
    const lock = join(dir, ".labc.lock");
    const started = new Date().toISOString();
    writeFileSync(lock, JSON.stringify({ pid: process.pid, host: hostname(), started, command: "labc build" }));
    for (const args of [["secret", "rotate"], ["secret", "set", "cloudflare-token"]]) {
      const r = labc(args, { cwd: dir, env: keyEnv, input: "x\n" });
      assert.equal(r.code, 1, `${args.join(" ")}: ${r.stderr}`);
      assert.ok(r.stderr.includes(`another labc is writing this project: 'labc build' (pid ${process.pid}, started ${started}) holds `), r.stderr);
      assert.equal(readFileSync(store, "utf8"), before, `${args.join(" ")} changed the store`);
    }
    const dead = spawnSync(process.execPath, ["-e", ""]).pid!;
    writeFileSync(lock, JSON.stringify({ pid: dead, host: hostname(), started: "2026-01-01T00:00:00.000Z", command: "labc build" }));
    const r = labc(["secret", "rotate"], { cwd: dir, env: keyEnv });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`note: took over the lock .* \\(pid ${dead}, .*\\), which is no longer running`));
    assert.notEqual(readFileSync(store, "utf8"), before);
    assert.equal(existsSync(lock), false);
  } finally {
    removeDir(dir);
  }
});

test("rotate: a FIFO at the Talos bundle is reported by name, never opened (no hang), and nothing is rotated", () => {
  const dir = copyExample("homelab");
  try {
    assert.equal(labc(["build", "cluster.lab", "--out", "out"], { cwd: dir, env: keyEnv }).code, 0);
    const before = readFileSync(join(dir, "secrets.sops.yaml"), "utf8");
    spawnSync("rm", [join(dir, "talsecret.sops.yaml")]);
    assert.equal(spawnSync("mkfifo", [join(dir, "talsecret.sops.yaml")]).status, 0, "mkfifo is needed for this test");
    const r = labc(["secret", "rotate", "--out", "out"], { cwd: dir, env: keyEnv, timeout: 20_000 });
    assert.notEqual(r.code, null, "timed out: the FIFO was opened");
    assert.notEqual(r.code, 0, r.stdout);
    assert.match(r.stderr, /talsecret\.sops\.yaml.*a FIFO \(named pipe\), not a regular file/);
    assert.equal(readFileSync(join(dir, "secrets.sops.yaml"), "utf8"), before, "a failed rotation rotates nothing");
  } finally {
    removeDir(dir);
  }
});

test("rotate without --out: an output it cannot find is a warning naming what was not rotated and how to include it", () => {
  const dir = copyExample("homelab");
  try {
    assert.equal(labc(["build", "cluster.lab", "--out", "repo"], { cwd: dir, env: keyEnv }).code, 0);
    const outputFiles = listSops(join(dir, "repo"));
    assert.ok(outputFiles.length >= 7, outputFiles.join(", "));
    const before = new Map(outputFiles.map((f) => [f, readFileSync(join(dir, "repo", f), "utf8")]));
    const r = labc(["secret", "rotate"], { cwd: dir, env: keyEnv });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /rotated 2 files/);
    assert.match(r.stderr, /^labc secret rotate: warning: found no built output \(looked for lab\.config\.ts, \.labc\/manifest\.json, out\), so only the files beside cluster\.lab were rotated; the generated repository's SOPS files keep their old data keys: run 'labc secret rotate --out DIR'/m);
    for (const [f, text] of before) assert.equal(readFileSync(join(dir, "repo", f), "utf8"), text, `${f} was not touched`);
    // Told where the output is, it rotates it all, and says nothing more.
    const all = labc(["secret", "rotate", "--out", "repo"], { cwd: dir, env: keyEnv });
    assert.equal(all.code, 0, all.stderr);
    assert.match(all.stdout, new RegExp(`rotated ${outputFiles.length + 2} files`));
    assert.equal(all.stderr, "");
    // The same report for scripts.
    const json = labc(["secret", "rotate", "--format", "json"], { cwd: dir, env: keyEnv });
    assert.equal(json.code, 0, json.stderr);
    const report = JSON.parse(json.stdout) as { ok: boolean; rotated: string[]; failed: unknown[]; warning?: string };
    assert.deepEqual({ ok: report.ok, rotated: report.rotated, failed: report.failed }, { ok: true, rotated: ["secrets.sops.yaml", "talsecret.sops.yaml"], failed: [] });
    assert.match(report.warning ?? "", /^found no built output/);
    // A folder that holds no build is named as such.
    const empty = labc(["secret", "rotate", "--out", "nothing-here"], { cwd: dir, env: keyEnv });
    assert.equal(empty.code, 0, empty.stderr);
    assert.match(empty.stderr, /warning: nothing-here holds no build \(no \.labc\/manifest\.json, no SOPS files\)/);
  } finally {
    removeDir(dir);
  }
});

test("rotate without --out finds a repository built in place, beside cluster.lab", () => {
  const dir = copyExample("homelab");
  try {
    assert.equal(labc(["build", "cluster.lab", "--out", "."], { cwd: dir, env: keyEnv }).code, 0);
    const files = listSops(dir).filter((f) => f !== "secrets.sops.yaml" && f !== "talsecret.sops.yaml");
    const r = labc(["secret", "rotate"], { cwd: dir, env: keyEnv });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`rotated ${files.length + 2} files`));
    assert.equal(r.stderr, "");
  } finally {
    removeDir(dir);
  }
});
