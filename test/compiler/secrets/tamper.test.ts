// Tampering is detected: a changed ciphertext or renamed key fails GCM authentication, a changed
// cleartext value or MAC fails the MAC check.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  decryptSops,
  encryptYaml,
  generateIdentity,
  identityToRecipient,
  SopsFormatError,
  SopsMacMismatchError,
  SopsValueAuthError,
} from "../../../compiler/secrets/index.js";

const secret = {
  apiVersion: "v1",
  kind: "Secret",
  metadata: { name: "app", namespace: "apps" },
  stringData: { password: "correct horse battery staple", user: "admin" },
};

async function setup(macOnlyEncrypted = false) {
  const identity = await generateIdentity();
  const text = await encryptYaml(secret, {
    recipients: [await identityToRecipient(identity)],
    encryptedRegex: "^(data|stringData)$",
    macOnlyEncrypted,
  });
  const open = (t: string) => decryptSops(t, { format: "yaml", identities: [identity] });
  return { text, open };
}

function flipBase64Char(value: string): string {
  const c = value[0] === "A" ? "B" : "A";
  return c + value.slice(1);
}

test("a modified ciphertext fails authentication and names the path, not the value", async () => {
  const { text, open } = await setup();
  const tampered = text.replace(/password: ENC\[AES256_GCM,data:([^,]+)/, (_m, data: string) => `password: ENC[AES256_GCM,data:${flipBase64Char(data)}`);
  await assert.rejects(open(tampered), (err: unknown) => {
    assert.ok(err instanceof SopsValueAuthError);
    assert.equal(err.path, "stringData:password:");
    assert.doesNotMatch(err.message, /correct horse/);
    return true;
  });
});

test("a renamed key (same ciphertext under another path) fails authentication", async () => {
  const { text, open } = await setup();
  await assert.rejects(open(text.replace("  password: ENC", "  passwd: ENC")), SopsValueAuthError);
});

test("swapping two encrypted values fails authentication", async () => {
  const { text, open } = await setup();
  const lines = text.split("\n");
  const p = lines.findIndex((l) => l.startsWith("  password: "));
  const u = lines.findIndex((l) => l.startsWith("  user: "));
  const [pv, uv] = [lines[p]!.slice("  password: ".length), lines[u]!.slice("  user: ".length)];
  lines[p] = `  password: ${uv}`;
  lines[u] = `  user: ${pv}`;
  await assert.rejects(open(lines.join("\n")), SopsValueAuthError);
});

test("a changed cleartext value fails the MAC unless mac_only_encrypted", async () => {
  const all = await setup(false);
  await assert.rejects(all.open(all.text.replace("namespace: apps", "namespace: evil")), SopsMacMismatchError);
  const only = await setup(true);
  const opened = await only.open(only.text.replace("namespace: apps", "namespace: evil"));
  assert.equal((opened.tree as typeof secret).metadata.namespace, "evil");
});

test("a removed encrypted value fails the MAC", async () => {
  const { text, open } = await setup(true);
  const without = text.split("\n").filter((l) => !l.startsWith("  user: ")).join("\n");
  await assert.rejects(open(without), SopsMacMismatchError);
});

test("a replaced value that decrypted elsewhere (a value from another file) fails", async () => {
  const a = await setup();
  const b = await setup();
  const foreign = /password: (ENC\[[^\]]+\])/.exec(b.text)![1]!;
  await assert.rejects(a.open(a.text.replace(/password: ENC\[[^\]]+\]/, `password: ${foreign}`)), SopsValueAuthError);
});

test("a modified, emptied or re-dated MAC is detected", async () => {
  const { text, open } = await setup();
  const macLine = /^ {2}mac: (.*)$/m;
  const flipped = text.replace(macLine, (_l, mac: string) => `  mac: ${mac.replace(/data:(.)/, (_m, c: string) => `data:${c === "A" ? "B" : "A"}`)}`);
  await assert.rejects(open(flipped), SopsMacMismatchError);
  await assert.rejects(open(text.replace(macLine, '  mac: ""')), /file has no MAC/);
  await assert.rejects(open(text.replace(/lastmodified: "(\d{4})/, 'lastmodified: "1999')), SopsMacMismatchError);
});

test("a cleartext value where an encrypted one belongs is refused without echoing it", async () => {
  const { text, open } = await setup();
  await assert.rejects(open(text.replace(/password: ENC\[[^\]]+\]/, "password: leaked-in-clear")), (err: unknown) => {
    assert.ok(err instanceof SopsFormatError);
    assert.doesNotMatch(err.message, /leaked-in-clear/);
    return true;
  });
});

test("a changed age block is reported, not silently accepted", async () => {
  const { text, open } = await setup();
  const tampered = text.replace(/(-----BEGIN AGE ENCRYPTED FILE-----\n\s+)(\S)/, (_m, head: string, c: string) => head + (c === "Y" ? "Z" : "Y"));
  await assert.rejects(open(tampered), /age block/);
});
