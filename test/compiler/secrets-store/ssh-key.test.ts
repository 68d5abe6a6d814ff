import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateOpenSshEd25519, looksLikePrivateKey, sshPublicKey } from "../../../compiler/secrets/ssh/ssh-key.js";
import { removeDir, tempDir } from "../../support/tree.js";

function sshKeygen(args: string[]): { ok: boolean; stdout: string } | undefined {
  const r = spawnSync("ssh-keygen", args, { encoding: "utf8" });
  return r.error ? undefined : { ok: r.status === 0, stdout: r.stdout };
}

test("generated ed25519 keys are OpenSSH private keys that ssh-keygen reads, with the public half labc derives", () => {
  const dir = tempDir("ssh-key");
  try {
    for (let i = 0; i < 5; i++) {
      const key = generateOpenSshEd25519(`key-${i}`);
      assert.match(key, /^-----BEGIN OPENSSH PRIVATE KEY-----\n([A-Za-z0-9+/=]{1,70}\n)+-----END OPENSSH PRIVATE KEY-----\n$/);
      const pub = sshPublicKey(key, `key-${i}`)!;
      assert.match(pub, new RegExp(`^ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI[A-Za-z0-9+/]{43} key-${i}$`));
      const file = join(dir, `k${i}`);
      writeFileSync(file, key, { mode: 0o600 });
      const derived = sshKeygen(["-y", "-f", file]);
      if (derived) {
        assert.ok(derived.ok, "ssh-keygen accepts the private key (check integers, padding)");
        assert.equal(derived.stdout.trim().split(" ").slice(0, 2).join(" "), pub.split(" ").slice(0, 2).join(" "));
      }
    }
  } finally {
    removeDir(dir);
  }
});

test("public keys of keys labc did not write: ssh-keygen's and PKCS#8 ed25519", () => {
  const dir = tempDir("ssh-key");
  try {
    const file = join(dir, "id");
    const made = sshKeygen(["-q", "-t", "ed25519", "-N", "", "-C", "me", "-f", file]);
    if (made?.ok) {
      assert.equal(sshPublicKey(readFileSync(file, "utf8")), readFileSync(`${file}.pub`, "utf8").trim().split(" ").slice(0, 2).join(" "));
    }
  } finally {
    removeDir(dir);
  }
  const pkcs8 = generateKeyPairSync("ed25519").privateKey.export({ format: "pem", type: "pkcs8" }).toString();
  assert.match(sshPublicKey(pkcs8) ?? "", /^ssh-ed25519 AAAAC3NzaC1lZDI1NTE5/);
  assert.ok(looksLikePrivateKey(pkcs8));
  assert.equal(sshPublicKey("not a key"), undefined);
  assert.equal(sshPublicKey("-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n"), undefined);
  assert.ok(!looksLikePrivateKey("ssh-ed25519 AAAA… public"));
});
