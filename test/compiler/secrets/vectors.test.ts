// Every file in test/upstream/sops-vectors (written by the real sops) decrypts with our decrypter, gives
// the documented plaintext, and reproduces the MAC sops stored in it.
import assert from "node:assert/strict";
import { test } from "node:test";
import * as age from "age-encryption";
import {
  decryptSops,
  inspectSops,
  SopsNoMatchingKeyError,
  unwrapDataKey,
} from "../../../compiler/secrets/index.js";
import { readVector, vectorIdentities, VECTORS } from "./support/vectors.js";

for (const vector of VECTORS) {
  test(`decrypts ${vector.file} (sops ${vector.sopsVersion}) and verifies its MAC`, async () => {
    const file = await decryptSops(readVector(vector.file), {
      format: vector.format,
      identities: vectorIdentities(vector.keys),
    });
    assert.equal(file.mac, vector.mac);
    assert.equal(file.metadata.version, vector.sopsVersion);
    assert.equal(file.dataKey.length, 32);
    const tree = structuredClone(file.tree) as Record<string, unknown>;
    const app2 = tree.app2 as Record<string, unknown> | undefined;
    if (app2 && typeof app2.key === "string") {
      assert.match(app2.key, /^-----BEGIN RSA PRIVATE KEY-----\n/);
      app2.key = "<RSA KEY>";
    }
    assert.deepEqual(tree, vector.plaintext);
  });
}

test("each single identity of a two-recipient file opens it", async () => {
  for (const identity of vectorIdentities("getsops-sops/age-keys.txt")) {
    const file = await decryptSops(readVector("getsops-sops/pr1031-example.yaml"), { format: "yaml", identities: [identity] });
    assert.equal(file.mac.slice(0, 8), "82187187");
  }
});

test("encrypted comments decrypt with the AAD of the mapping that holds them", async () => {
  const file = await decryptSops(readVector("getsops-sops/pr1031-example.yaml"), {
    format: "yaml",
    identities: vectorIdentities("getsops-sops/age-keys.txt"),
  });
  const comments: string[] = [];
  const visit = (node: (typeof file.branches)[number] | { kind: string; items?: unknown[] }) => {
    for (const item of (node as { items?: { kind: string; value?: unknown }[] }).items ?? []) {
      if (item.kind === "comment") comments.push(item.value as string);
      if (item.kind === "pair") visit(item.value as never);
      if (item.kind === "map" || item.kind === "seq") visit(item as never);
    }
  };
  visit(file.branches[0]!);
  assert.deepEqual(comments, [
    " private key for secret operations in app2",
    " sops supports unencrypted fields",
    " by adding the `_unencrypted` suffix",
    " to any key",
  ]);
});

test("the float 1234568000 of the sops example is typed float and hashed as Go prints it", async () => {
  const file = await decryptSops(readVector("getsops-sops/pr1031-example.yaml"), {
    format: "yaml",
    identities: vectorIdentities("getsops-sops/age-keys.txt"),
  });
  const number = file.branches[0]!.items.find((i) => i.kind === "pair" && i.key === "number");
  assert.deepEqual(number && number.kind === "pair" ? number.value : undefined, { kind: "float", value: 1234568000 });
});

test("a Secret whose data is a whole SOPS JSON file (Flux inside/secret.yaml) decrypts", async () => {
  const outer = await import("yaml").then((y) => y.parse(readVector("fluxcd-kustomize-controller/inside-secret.yaml")));
  const inner = Buffer.from(outer.data.key as string, "base64").toString("utf8");
  const file = await decryptSops(inner, { format: "json", identities: vectorIdentities("fluxcd-kustomize-controller/keys/age.txt") });
  assert.deepEqual(file.tree, { data: "value" });
  assert.equal(file.mac, "EC2C83EDECB60304D154EBDB85BDFAF61A92BD142E71C4F7B25A15B9CB5F3C0AE301CFB3569CF240E4470031385348BC296D8D99D09E06B26F09591A97527296");
});

test("sops' keysource_test mock: the armored age file unwraps to `data`", async () => {
  const identity = vectorIdentities("getsops-sops/keysource_test-mockIdentity.txt");
  const result = await unwrapDataKey(readVector("getsops-sops/keysource_test-mockEncryptedKey.age"), identity);
  assert.ok(result.ok);
  assert.equal(Buffer.from(result.dataKey).toString("utf8"), "data");
  assert.equal(await age.identityToRecipient(identity[0]!), "age1lzd99uklcjnc0e7d860axevet2cz99ce9pq6tzuzd05l5nr28ams36nvun");
});

test("a PGP-only file is read, and the error names its PGP key without any age identity", async () => {
  const text = readVector("getsops-sops/pgp-comments/comments.enc.yaml");
  const info = inspectSops(text, "yaml");
  assert.deepEqual(info.recipients, ["pgp:FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4"]);
  assert.equal(info.metadata.lastModified, "2020-10-07T15:49:13Z");
  await assert.rejects(
    decryptSops(text, { format: "yaml", identities: vectorIdentities("getsops-sops/age-keys.txt"), searched: ["SOPS_AGE_KEY_FILE=/x"] }),
    (err: unknown) => {
      assert.ok(err instanceof SopsNoMatchingKeyError);
      assert.match(err.message, /pgp:FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4/);
      assert.match(err.message, /looked for keys in: SOPS_AGE_KEY_FILE=\/x/);
      assert.doesNotMatch(err.message, /AGE-SECRET-KEY/);
      return true;
    },
  );
});

test("a wrong key gives SopsNoMatchingKeyError listing the file's recipients", async () => {
  const wrong = await age.generateX25519Identity();
  await assert.rejects(
    decryptSops(readVector("fluxcd-kustomize-controller/global-secret.yaml"), { format: "yaml", identities: [wrong] }),
    (err: unknown) =>
      err instanceof SopsNoMatchingKeyError &&
      err.recipients.includes("age1henwn645drkd3fa34t27t2w2x0nsgw3w4h62gmg5x5xflyjpy38s5cncph") &&
      !err.message.includes(wrong),
  );
  await assert.rejects(
    decryptSops(readVector("fluxcd-kustomize-controller/global-secret.yaml"), { format: "yaml", identities: [] }),
    /no age identity was available/,
  );
});
