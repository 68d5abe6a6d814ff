import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as age from "age-encryption";
import { parseX25519Identity, unwrapX25519, wrapX25519, x25519Recipient } from "../../../../compiler/secrets/age/native-x25519.js";
import { ageCliDecrypt, ageKeygen } from "../support/age-cli.js";

/** labc's node:crypto age X25519 path against the reference CLI and against age-encryption. */

function recipientOf(identity: string): string {
  return x25519Recipient(parseX25519Identity(identity)!);
}

test("recipients match age-keygen -y and age-encryption", async () => {
  const identity = ageKeygen();
  const cli = spawnSync("age-keygen", ["-y"], { input: identity + "\n", encoding: "utf8" }).stdout.trim();
  assert.equal(recipientOf(identity), cli);
  assert.equal(recipientOf(identity), await age.identityToRecipient(identity));
});

test("what labc wraps, the age CLI and age-encryption open", async () => {
  const identity = ageKeygen();
  for (const size of [0, 32, 65536, 65537, 200000]) {
    const payload = randomBytes(size);
    const armored = wrapX25519(payload, recipientOf(identity))!;
    assert.deepEqual(ageCliDecrypt(armored, identity), payload, `age CLI, ${size} bytes`);
    const d = new age.Decrypter();
    d.addIdentity(identity);
    assert.deepEqual(Buffer.from(await d.decrypt(age.armor.decode(armored))), payload, `age-encryption, ${size} bytes`);
  }
});

test("what the age CLI and age-encryption wrap, labc opens; other keys and tampering do not", async () => {
  const identity = ageKeygen();
  const other = ageKeygen();
  const payload = randomBytes(32);
  const cli = spawnSync("age", ["-a", "-r", recipientOf(identity)], { input: payload });
  assert.equal(cli.status, 0, String(cli.stderr));
  const fromCli = unwrapX25519(cli.stdout.toString(), [other, identity]);
  assert.ok(fromCli.handled && fromCli.payload);
  assert.deepEqual(Buffer.from(fromCli.payload), payload);

  const e = new age.Encrypter();
  e.addRecipient(recipientOf(identity));
  const fromLib = age.armor.encode(await e.encrypt(payload));
  const opened = unwrapX25519(fromLib, [identity]);
  assert.ok(opened.handled && opened.payload && Buffer.from(opened.payload).equals(payload));

  assert.deepEqual(unwrapX25519(fromLib, [other]), { handled: true, payload: null });
  const body = Buffer.from(fromLib.split("\n").slice(1, -2).join(""), "base64");
  body[body.length - 1]! ^= 1;
  const tampered = `-----BEGIN AGE ENCRYPTED FILE-----\n${body.toString("base64").match(/.{1,64}/g)!.join("\n")}\n-----END AGE ENCRYPTED FILE-----\n`;
  assert.deepEqual(unwrapX25519(tampered, [identity]), { handled: true, payload: null });
});

test("post-quantum recipients and identities are left to age-encryption", async () => {
  const pq = await age.generateHybridIdentity();
  assert.equal(parseX25519Identity(pq), undefined);
  assert.equal(wrapX25519(randomBytes(32), await age.identityToRecipient(pq)), undefined);
  const e = new age.Encrypter();
  e.addRecipient(await age.identityToRecipient(pq));
  const armored = age.armor.encode(await e.encrypt(randomBytes(32)));
  assert.deepEqual(unwrapX25519(armored, [pq]), { handled: false });
});
