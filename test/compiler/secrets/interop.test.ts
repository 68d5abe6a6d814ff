// Files we write, checked by code that is not ours: Debian's `age` CLI (Go reference age) unwraps
// each data key, an independent node:crypto checker decrypts every value and recomputes the MAC,
// and the npm decoders `sops-decoder` (verifies the MAC) and `sops-age` decrypt them.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { test } from "node:test";
import { parse } from "yaml";
import { decryptSops as sopsAgeDecrypt } from "sops-age";
import {
  decryptSops,
  encryptYaml,
  encryptYamlDocuments,
  generateIdentity,
  identityToRecipient,
} from "../../../compiler/secrets/index.js";
import { AGE_CLI_MISSING, ageCliAvailable, ageCliDecrypt, ageKeygen } from "./support/age-cli.js";
import { independentDecrypt } from "./support/independent-sops.js";

const require = createRequire(import.meta.url);
const sopsDecoder = require("sops-decoder") as { decrypt(tree: object): Promise<unknown> };
const { KMSClient } = createRequire(require.resolve("sops-decoder"))("@aws-sdk/client-kms") as {
  KMSClient: { prototype: { send: (...args: unknown[]) => Promise<unknown> } };
};

const KUBERNETES = "^(data|stringData)$";
const hasAge = ageCliAvailable();

const secret = {
  apiVersion: "v1",
  kind: "Secret",
  metadata: { name: "db", namespace: "apps", labels: { "app.kubernetes.io/name": "db" } },
  type: "Opaque",
  stringData: {
    username: "admin",
    password: "p@ss: w#rd 'quoted' \"double\"",
    "config.yaml": "listen: 0.0.0.0\nports:\n  - 5432\n",
    empty: "",
    unicode: "grüße ✓",
  },
  data: { token: Buffer.from("token-bytes\u0000\u0001").toString("base64") },
};

interface Keys {
  identities: string[];
  recipients: string[];
}

async function keys(): Promise<Keys> {
  // One key from typage and, when available, one from the Go age-keygen.
  const identities = [await generateIdentity(), hasAge ? ageKeygen() : await generateIdentity()];
  return { identities, recipients: await Promise.all(identities.map(identityToRecipient)) };
}

function ageEntries(text: string): { recipient: string; enc: string }[] {
  return (parse(text.split(/^---\n/m)[0]!) as { sops: { age: { recipient: string; enc: string }[] } }).sops.age;
}

async function withKmsStub<T>(dataKey: Uint8Array, run: () => Promise<T>): Promise<T> {
  const original = KMSClient.prototype.send;
  KMSClient.prototype.send = async () => ({ Plaintext: dataKey });
  try {
    return await run();
  } finally {
    KMSClient.prototype.send = original;
  }
}

function forSopsDecoder(text: string): Record<string, unknown> {
  const tree = parse(text) as { sops: Record<string, unknown> };
  tree.sops.kms = [{ arn: "arn:aws:kms:us-east-1:000000000000:key/stub", enc: "c3R1Yg==" }];
  return tree;
}

for (const macOnlyEncrypted of [true, false]) {
  test(`a Secret we encrypt (mac_only_encrypted=${macOnlyEncrypted}) opens with age CLI + independent checker + sops-decoder + sops-age`, async (t) => {
    const k = await keys();
    const text = await encryptYaml(secret, { recipients: k.recipients, encryptedRegex: KUBERNETES, macOnlyEncrypted });
    const ours = await decryptSops(text, { format: "yaml", identities: [k.identities[1]!] });
    assert.deepEqual(ours.tree, secret);

    // Structure sops and Flux rely on.
    assert.match(text, /^  lastmodified: "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"$/m);
    assert.match(text, /^  mac: ENC\[AES256_GCM,data:[A-Za-z0-9+/=]{172},iv:[A-Za-z0-9+/=]{44},tag:[A-Za-z0-9+/=]{24},type:str\]$/m);
    assert.match(text, /^  encrypted_regex: \^\(data\|stringData\)\$$/m);
    assert.match(text, /^  version: 3\.\d+\.\d+$/m);
    assert.equal(/^  mac_only_encrypted: true$/m.test(text), macOnlyEncrypted);
    assert.match(text, /^kind: Secret$/m);
    assert.doesNotMatch(text, /hunter|admin|p@ss/);

    const entries = ageEntries(text);
    assert.deepEqual(entries.map((e) => e.recipient), k.recipients);
    if (!hasAge) {
      t.diagnostic(AGE_CLI_MISSING);
    } else {
      for (const [i, entry] of entries.entries()) {
        assert.ok(entry.enc.endsWith("-----END AGE ENCRYPTED FILE-----\n"));
        const dataKey = ageCliDecrypt(entry.enc, k.identities[i]!);
        assert.equal(dataKey.length, 32);
        assert.deepEqual(new Uint8Array(dataKey), ours.dataKey);
      }
    }

    const independent = independentDecrypt(text, ours.dataKey);
    assert.deepEqual(independent.documents[0], secret);
    assert.equal(independent.mac, ours.mac);

    const decoded = await withKmsStub(ours.dataKey, () => sopsDecoder.decrypt(forSopsDecoder(text)));
    assert.deepEqual(decoded, secret);

    const viaSopsAge = await sopsAgeDecrypt(text, { secretKey: k.identities[0]!, fileType: "yaml" });
    assert.deepEqual(viaSopsAge, secret);
  });
}

test("sops-decoder rejects our file after a cleartext value changes (MAC over all values)", async () => {
  const k = await keys();
  const text = await encryptYaml(secret, { recipients: k.recipients, encryptedRegex: KUBERNETES });
  const { dataKey } = await decryptSops(text, { format: "yaml", identities: k.identities });
  const tampered = text.replace("namespace: apps", "namespace: prod");
  await assert.rejects(withKmsStub(dataKey, () => sopsDecoder.decrypt(forSopsDecoder(tampered))), /Hash mismatch/);
  assert.throws(() => independentDecrypt(tampered, dataKey), /MAC mismatch/);
});

test("typed values (int, float, bool, nested lists) under sops' default selector pass the independent checkers", async () => {
  const k = await keys();
  const tree = {
    name: "svc",
    replicas: 3,
    ratio: 0.25,
    enabled: true,
    disabled: false,
    hosts: ["a.example", "b.example"],
    nested: { list: [{ user: "u1", port: 8080 }, { user: "u2", port: 8081 }] },
    notes_unencrypted: "stays clear",
  };
  const text = await encryptYaml(tree, { recipients: k.recipients });
  assert.match(text, /^notes_unencrypted: stays clear$/m);
  assert.match(text, /^replicas: ENC\[.*type:int\]$/m);
  assert.match(text, /^ratio: ENC\[.*type:float\]$/m);
  assert.match(text, /^enabled: ENC\[.*type:bool\]$/m);
  const ours = await decryptSops(text, { format: "yaml", identities: k.identities });
  assert.deepEqual(ours.tree, tree);
  const independent = independentDecrypt(text, ours.dataKey);
  assert.deepEqual(independent.documents[0], tree);
  assert.equal(independent.mac, ours.mac);
  assert.deepEqual(await withKmsStub(ours.dataKey, () => sopsDecoder.decrypt(forSopsDecoder(text))), tree);
  assert.deepEqual(await sopsAgeDecrypt(text, { secretKey: k.identities[0]!, fileType: "yaml" }), tree);
});

test("a multi-document stream shares one data key and MAC, repeated in every document", async (t) => {
  const k = await keys();
  const docs = [
    { apiVersion: "v1", kind: "Secret", metadata: { name: "one" }, stringData: { a: "1" } },
    { apiVersion: "v1", kind: "Secret", metadata: { name: "two" }, stringData: { b: "2" } },
  ];
  const text = await encryptYamlDocuments(docs, { recipients: k.recipients, encryptedRegex: KUBERNETES, macOnlyEncrypted: true });
  const parts = text.split(/^---\n/m);
  assert.equal(parts.length, 2);
  assert.equal(parts[0]!.slice(parts[0]!.indexOf("sops:")), parts[1]!.slice(parts[1]!.indexOf("sops:")));
  const ours = await decryptSops(text, { format: "yaml", identities: k.identities });
  assert.deepEqual(ours.documents, docs);
  const independent = independentDecrypt(text, ours.dataKey);
  assert.deepEqual(independent.documents, docs);
  assert.equal(independent.mac, ours.mac);
  if (!hasAge) t.diagnostic(AGE_CLI_MISSING);
  else assert.deepEqual(new Uint8Array(ageCliDecrypt(ageEntries(text)[1]!.enc, k.identities[1]!)), ours.dataKey);
});

test("post-quantum recipients (age1pq1…) are written and read back", async () => {
  const pq = await generateIdentity({ postQuantum: true });
  const recipient = await identityToRecipient(pq);
  assert.match(recipient, /^age1pq1/);
  const text = await encryptYaml(secret, { recipients: [recipient], encryptedRegex: KUBERNETES, macOnlyEncrypted: true });
  const ours = await decryptSops(text, { format: "yaml", identities: [pq] });
  assert.deepEqual(ours.tree, secret);
  assert.deepEqual(independentDecrypt(text, ours.dataKey).documents[0], secret);
});
