// Files the real `sops -e` writes under labc's `.sops.yaml` rules are read by labc everywhere it
// reads SOPS files: `labc secret decrypt/get/set/rotate`, the store and the Talos bundle in a
// build, and the previous output of a rebuild, which keeps sops' bytes where nothing changed.
// Plaintext only ever travels through pipes and memory.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { Document } from "yaml";
import { encryptBranchesToYaml } from "../../../compiler/secrets/sops/encrypt.js";
import { decryptSops } from "../../../compiler/secrets/sops/index.js";
import { readYamlDocuments } from "../../../compiler/secrets/sops/stores/yaml-reader.js";
import { labc, quietChange } from "../../compiler/secrets-store/support/secret-project.js";
import { repoPath } from "../../support/paths.js";
import { removeDir, tempDir } from "../../support/tree.js";
import { toolOptions } from "../support/tools.js";
import {
  assertSamePlaintext,
  assertSopsOk,
  buildProject,
  copyProject,
  demoIdentity,
  demoKeyFile,
  labcPlaintext,
  projectCases,
  sops,
  writeProjectSopsConfig,
  yamlDocuments,
  type SopsProject,
} from "./support.js";

const demoRecipient = "age1m4acj4mjupv5wgxtruey44wpq34tqkk7hkkj77566vy0t80gqfmsdmpcvk";

/** `sops -e` of plaintext given on stdin, with the creation rule for `path` (relative to `cwd`); the ciphertext is written there. */
function sopsEncryptTo(cwd: string, path: string, plaintext: string, keyFile: string): string {
  const run = sops(["encrypt", "--filename-override", path], { cwd, keyFile, input: plaintext });
  assertSopsOk(run, `encrypt ${path}`);
  writeFileSync(join(cwd, path), run.stdout, { mode: 0o600 });
  return run.stdout;
}

const read = (p: SopsProject, path: string) => readFileSync(join(p.dir, path), "utf8");
const run = (p: SopsProject, args: string[], input?: string) => labc(args, { cwd: p.dir, env: { SOPS_AGE_KEY_FILE: p.keyFile }, ...(input !== undefined ? { input } : {}) });

async function homelab(): Promise<SopsProject> {
  const p = copyProject(projectCases().find((c) => c.name === "homelab")!);
  writeProjectSopsConfig(p, await buildProject(p));
  return p;
}

test("a store written by sops -e (its own order, a comment, an int) is read by get, decrypt, the build, set and rotate", toolOptions("sops"), async () => {
  const p = await homelab();
  try {
    const values = (await labcPlaintext(read(p, "secrets.sops.yaml"), p.identities)).documents[0] as Record<string, string>;
    // The plaintext a person would hand to sops: reversed order, a comment, a number.
    const doc = new Document({ "db-port": 5432, ...Object.fromEntries(Object.entries(values).reverse()) });
    doc.commentBefore = " values for cluster.lab's store() secrets";
    const written = sopsEncryptTo(p.dir, "secrets.sops.yaml", doc.toString(), p.keyFile);
    assert.match(written, /^ {2}unencrypted_suffix: _unencrypted$/m, "sops applied the store's creation rule");
    assert.match(written, /^ {2}mac_only_encrypted: true$/m);

    for (const [name, value] of Object.entries(values)) {
      const got = run(p, ["secret", "get", name]);
      assert.equal(got.code, 0, got.stderr);
      assert.ok(got.stdout === `${value}\n`, `labc secret get ${name} reads the value sops wrote`);
    }
    assert.ok(run(p, ["secret", "get", "db-port"]).stdout === "5432\n", "an int sops typed reads as its text");
    const decrypted = run(p, ["secret", "decrypt", "secrets.sops.yaml"]);
    assert.equal(decrypted.code, 0, decrypted.stderr);
    assertSamePlaintext(yamlDocuments(decrypted.stdout), [doc.toJS()], "labc secret decrypt of the sops-written store");

    const rebuilt = await buildProject(p);
    assert.deepEqual(rebuilt.written!.changed, [], "nothing changed, so the rebuild is quiet");
    assert.equal(read(p, "secrets.sops.yaml"), written, "the build leaves sops' store as it is");

    const set = run(p, ["secret", "set", "webhook-token"], "a-new-webhook-token-4242");
    assert.equal(set.code, 0, set.stderr);
    assert.deepEqual(quietChange(written, read(p, "secrets.sops.yaml")), ["webhook-token", "mac"], "set changes one value of sops' store, nothing else");
    const afterSet = await buildProject(p);
    assert.deepEqual(afterSet.written!.changed, ["kubernetes/apps/flux-system/flux-instance/app/secret.sops.yaml"]);

    const before = await decryptSops(read(p, "secrets.sops.yaml"), { format: "yaml", identities: [demoIdentity] });
    const rotated = run(p, ["secret", "rotate"]);
    assert.equal(rotated.code, 0, rotated.stderr);
    const after = sops(["-d", "secrets.sops.yaml"], { cwd: p.dir, keyFile: p.keyFile });
    assertSopsOk(after, "-d of the store labc rotated");
    assertSamePlaintext(yamlDocuments(after.stdout), before.documents, "the rotated store");
    assert.ok(after.stdout.includes("# values for cluster.lab's store() secrets"), "rotate keeps sops' comment");
    const key = (await decryptSops(read(p, "secrets.sops.yaml"), { format: "yaml", identities: [demoIdentity] })).dataKey;
    assert.ok(!Buffer.from(key).equals(Buffer.from(before.dataKey)), "rotate made a fresh data key");
    assert.deepEqual((await buildProject(p)).written!.changed, [], "a rebuild after rotate is quiet");
  } finally {
    removeDir(p.dir);
  }
});

test("a Talos bundle written by sops -e is used by the build, whose repository copy follows it byte for byte", toolOptions("sops"), async () => {
  const p = await homelab();
  try {
    const plaintext = (await labcPlaintext(read(p, "talsecret.sops.yaml"), p.identities)).rendered;
    const written = sopsEncryptTo(p.dir, "talsecret.sops.yaml", plaintext, p.keyFile);
    const first = await buildProject(p);
    assert.deepEqual(first.written!.changed, ["talos/talsecret.sops.yaml"]);
    assert.equal(readFileSync(join(p.out, "talos", "talsecret.sops.yaml"), "utf8"), written);
    assert.equal(read(p, "talsecret.sops.yaml"), written, "the build does not rewrite sops' bundle");
    assert.deepEqual((await buildProject(p)).written!.changed, [], "then rebuilds are quiet");
  } finally {
    removeDir(p.dir);
  }
});

test("output Secrets written by sops -e under out/.sops.yaml: labc decrypts them and a rebuild keeps sops' bytes", toolOptions("sops"), async () => {
  const p = await homelab();
  try {
    const path = "kubernetes/apps/network/cloudflare-dns/app/secret.sops.yaml";
    const plaintext = (await labcPlaintext(readFileSync(join(p.out, path), "utf8"), p.identities)).rendered;
    const written = sopsEncryptTo(p.out, path, plaintext, p.keyFile);
    assert.match(written, /^ {2}encrypted_regex: \^\(data\|stringData\)\$$/m, "sops applied the Kubernetes rule");
    const again = await buildProject(p);
    assert.deepEqual(again.written!.changed, [], "the same plaintext: sops' file stays");
    assert.equal(readFileSync(join(p.out, path), "utf8"), written);

    // A new Secret with data and stringData at a path the rules cover (in the project's own
    // kubernetes/ folder, which no build owns), through sops -e and labc secret decrypt.
    const manifest = new Document({ apiVersion: "v1", kind: "Secret", metadata: { name: "extra", labels: { app: "extra" } }, type: "Opaque", data: { "tls.crt": "Y2VydA==" }, stringData: { password: "pw-0001", config: "a: 1\nb: two\n" } });
    mkdirSync(join(p.dir, "kubernetes", "apps", "extra"), { recursive: true });
    const extra = "kubernetes/apps/extra/secret.sops.yaml";
    const encrypted = sopsEncryptTo(p.dir, extra, manifest.toString(), p.keyFile);
    assert.match(encrypted, /^ {2}name: extra$/m, "metadata stays in the clear");
    assert.doesNotMatch(encrypted, /pw-0001/);
    const decrypted = run(p, ["secret", "decrypt", extra]);
    assert.equal(decrypted.code, 0, decrypted.stderr);
    assertSamePlaintext(yamlDocuments(decrypted.stdout), [manifest.toJS()], "labc secret decrypt of a Secret sops wrote");
    const bySops = sops(["-d", extra], { cwd: p.dir, keyFile: p.keyFile });
    assert.ok(bySops.stdout === decrypted.stdout, "labc and sops print it identically");
  } finally {
    removeDir(p.dir);
  }
});

test("JSON, dotenv and binary files sops -e wrote are read by labc secret decrypt", toolOptions("sops"), async () => {
  const dir = tempDir("sops-formats");
  try {
    writeFileSync(join(dir, ".sops.yaml"), new Document({ creation_rules: [{ age: demoRecipient }] }).toString());
    const inputs: [string, Buffer][] = [
      ["app.json", Buffer.from(JSON.stringify({ user: "u-1", port: 8080, ratio: 0.25, on: true, off: null, list: [1, "two", { three: 3 }], text: "é\n\t" }))],
      ["app.env", Buffer.from("USER=u-1\nPASSWORD=p w=1\n# a comment\nEMPTY=\nMULTI=a\\nb\n")],
      ["blob.bin", Buffer.from([0, 1, 2, 0xff, 0xfe, 0x80, 0x0a, 0xc3, 0x28, ...Buffer.from("tail")])],
    ];
    for (const [name, content] of inputs) {
      // A string on stdin is UTF-8 encoded, so the binary goes through a scratch file instead.
      const encrypted = name.endsWith(".bin") ? encryptBinary(dir, name, content) : encryptText(dir, name, content.toString("utf8"));
      writeFileSync(join(dir, `enc-${name}`), encrypted);
      const out = labc(["secret", "decrypt", `enc-${name}`], { cwd: dir, env: { SOPS_AGE_KEY_FILE: demoKeyFile } });
      assert.equal(out.code, 0, `${name}: ${out.stderr}`);
      if (name.endsWith(".json")) assertSamePlaintext(JSON.parse(out.stdout), JSON.parse(content.toString("utf8")), name);
      else if (name.endsWith(".env")) assert.ok(out.stdout === sops(["-d", `enc-${name}`], { cwd: dir, keyFile: demoKeyFile }).stdout, `${name}: labc prints what sops -d prints`);
      else assert.ok(decryptBinaryLabc(dir, `enc-${name}`).equals(content), `${name}: labc gives back the exact bytes`);
    }
  } finally {
    removeDir(dir);
  }
});

function encryptText(dir: string, name: string, content: string): string {
  const run = sops(["encrypt", "--filename-override", name], { cwd: dir, keyFile: demoKeyFile, input: content });
  assertSopsOk(run, `encrypt ${name}`);
  return run.stdout;
}

/** sops -e of a binary file from disk (a scratch copy in the temporary folder, removed right after). */
function encryptBinary(dir: string, name: string, content: Buffer): string {
  const scratch = join(dir, name);
  writeFileSync(scratch, content);
  const run = sops(["encrypt", name], { cwd: dir, keyFile: demoKeyFile });
  removeDir(scratch);
  assertSopsOk(run, `encrypt ${name}`);
  return run.stdout;
}

/** labc secret decrypt's raw stdout for a binary file. */
function decryptBinaryLabc(dir: string, name: string): Buffer {
  const out = spawnSync(process.execPath, [repoPath("bin", "labc.js"), "secret", "decrypt", name], { cwd: dir, env: { PATH: process.env["PATH"], HOME: dir, SOPS_AGE_KEY_FILE: demoKeyFile } });
  assert.equal(out.status, 0, out.stderr.toString("utf8"));
  return out.stdout;
}

test("comments (head, line, in lists) in a Secret: labc reads sops' file as sops prints it, and encrypts them into sops' layout", toolOptions("sops"), async () => {
  const p = await homelab();
  try {
    const plaintext = "# head\napiVersion: v1 # line\nkind: Secret\nmetadata:\n  # about the name\n  name: commented\nstringData:\n  # the user\n  user: u-1 # inline\n  hosts:\n    - a.example # first\n    # second\n    - b.example\n    - name: c\n      port: \"1\"\n";
    const path = "kubernetes/apps/commented/secret.sops.yaml";
    mkdirSync(join(p.out, "kubernetes", "apps", "commented"), { recursive: true });
    const bySops = sopsEncryptTo(p.out, path, plaintext, p.keyFile);
    const sopsPrints = sops(["-d", path], { cwd: p.out, keyFile: p.keyFile });
    assertSopsOk(sopsPrints, `-d ${path}`);
    const labcPrints = await labcPlaintext(bySops, p.identities);
    assert.ok(labcPrints.rendered === sopsPrints.stdout, "labc prints sops' file, comments included, as sops does");

    const byLabc = (await encryptBranchesToYaml(readYamlDocuments(plaintext), { recipients: [demoRecipient], encryptedRegex: "^(data|stringData)$", macOnlyEncrypted: true })).text;
    const layout = (text: string) => text.split(/^sops:$/m)[0]!.replace(/ENC\[[^\]]*\]/g, "ENC");
    assert.equal(layout(byLabc), layout(bySops), "the same lines encrypted, in the same places");
    writeFileSync(join(p.out, path), byLabc);
    const reread = sops(["-d", path], { cwd: p.out, keyFile: p.keyFile });
    assertSopsOk(reread, `-d ${path} as labc encrypted it`);
    assert.ok(reread.stdout === sopsPrints.stdout, "sops prints labc's file as its own");
  } finally {
    removeDir(p.dir);
  }
});
