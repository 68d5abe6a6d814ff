import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { encryptBundle, openBundle, sameBundle } from "../../../compiler/talos-cli/index.js";
import { generateIdentity, identityToRecipient } from "../../../compiler/secrets/age/index.js";
import { upstreamPath } from "../../support/paths.js";
import { vectorSecrets } from "./support/examples.js";

const vectorText = readFileSync(upstreamPath("vectors", "talos", "secrets.yaml"), "utf8");

test("the vector bundle round-trips: plain → encrypted → decrypted is the same bundle", async () => {
  const identity = await generateIdentity();
  const recipient = await identityToRecipient(identity);
  const plain = await openBundle(vectorText, []);
  assert.ok(plain.ok);
  assert.equal(plain.encrypted, false);
  const sealed = await encryptBundle(plain.bundle, { recipients: [recipient] }, [identity]);
  const { certs } = plain.bundle;
  for (const pem of [certs.etcd.key, certs.k8s.key, certs.k8sAggregator.key, certs.k8sServiceAccount.key, certs.os.key]) {
    assert.ok(!sealed.includes(Buffer.from(pem).toString("base64")), "no key (base64 of PEM) in the clear");
    for (const line of pem.split("\n").filter((l) => l.length > 40)) assert.ok(!sealed.includes(line), "no PEM line in the clear");
  }
  for (const value of [plain.bundle.secrets.bootstrapToken, plain.bundle.trustdInfo.token, plain.bundle.cluster.secret]) assert.ok(!sealed.includes(value));
  const back = await openBundle(sealed, [identity]);
  assert.ok(back.ok);
  assert.equal(back.encrypted, true);
  assert.ok(sameBundle(back.bundle, vectorSecrets()));
  assert.deepEqual(back.bundle, vectorSecrets());
});

test("an encrypted bundle without a matching key, and a file that is no bundle, are reported, not guessed", async () => {
  const identity = await generateIdentity();
  const sealed = await encryptBundle(vectorSecrets(), { recipients: [await identityToRecipient(identity)] }, [identity]);
  const locked = await openBundle(sealed, [await generateIdentity()]);
  assert.equal(locked.ok ? "ok" : locked.reason, "undecryptable");
  const junk = await openBundle("cluster: {id: x}\n", []);
  assert.equal(junk.ok ? "ok" : junk.reason, "invalid");
  assert.ok(!junk.ok && /not a Talos secrets bundle/.test(junk.message));
});
