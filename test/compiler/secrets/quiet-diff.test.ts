// sops-edit semantics for recompiles: same content → same bytes; one changed value → only that
// value, the MAC and lastmodified change; new recipients → a new data key.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  decryptSops,
  encryptYaml,
  encryptYamlDocumentsDetailed,
  generateIdentity,
  identityToRecipient,
  rotateSops,
} from "../../../compiler/secrets/index.js";
import { independentDecrypt } from "./support/independent-sops.js";

const KUBERNETES = "^(data|stringData)$";
const clock = (iso: string) => () => new Date(iso);

const secret = () => ({
  apiVersion: "v1",
  kind: "Secret",
  metadata: { name: "app", namespace: "apps" },
  type: "Opaque",
  stringData: { user: "admin", password: "first", url: "postgres://db:5432/app" },
});

async function keyPair() {
  const identity = await generateIdentity();
  return { identity, recipient: await identityToRecipient(identity) };
}

/** The keys of the lines that differ between two files of the same shape. */
function changedLines(a: string, b: string): string[] {
  const left = a.split("\n");
  const right = b.split("\n");
  assert.equal(left.length, right.length, "line count changed");
  return right.flatMap((line, i) => (line === left[i] ? [] : [line.trimStart().split(":")[0]!]));
}

test("identical content returns the previous file byte for byte", async () => {
  const k = await keyPair();
  const opts = { recipients: [k.recipient], encryptedRegex: KUBERNETES, macOnlyEncrypted: true, identities: [k.identity] };
  const first = await encryptYaml(secret(), { ...opts, now: clock("2026-01-01T00:00:00Z") });
  const again = await encryptYamlDocumentsDetailed([secret()], { ...opts, previous: first, now: clock("2026-06-01T00:00:00Z") });
  assert.equal(again.outcome, "unchanged");
  assert.equal(again.text, first);
});

test("changing one value changes only that value, mac and lastmodified", async () => {
  const k = await keyPair();
  const opts = { recipients: [k.recipient], encryptedRegex: KUBERNETES, macOnlyEncrypted: true, identities: [k.identity] };
  const first = await encryptYaml(secret(), { ...opts, now: clock("2026-01-01T00:00:00Z") });
  const changed = secret();
  changed.stringData.password = "second";
  const result = await encryptYamlDocumentsDetailed([changed], { ...opts, previous: first, now: clock("2026-01-02T00:00:00Z") });
  assert.equal(result.outcome, "reused-data-key");
  assert.deepEqual(changedLines(first, result.text), ["password", "lastmodified", "mac"]);
  const before = await decryptSops(first, { format: "yaml", identities: [k.identity] });
  const after = await decryptSops(result.text, { format: "yaml", identities: [k.identity] });
  assert.deepEqual(after.dataKey, before.dataKey);
  assert.deepEqual(after.tree, changed);
  assert.deepEqual(independentDecrypt(result.text, after.dataKey).documents[0], changed);
});

test("a cleartext change (namespace) keeps every ciphertext", async () => {
  const k = await keyPair();
  const opts = { recipients: [k.recipient], encryptedRegex: KUBERNETES, identities: [k.identity] };
  const first = await encryptYaml(secret(), { ...opts, now: clock("2026-01-01T00:00:00Z") });
  const changed = secret();
  changed.metadata.namespace = "prod";
  const next = await encryptYaml(changed, { ...opts, previous: first, now: clock("2026-01-03T00:00:00Z") });
  assert.deepEqual(changedLines(first, next), ["namespace", "lastmodified", "mac"]);
});

test("adding and removing keys reuses the IVs of the values that stayed", async () => {
  const k = await keyPair();
  const opts = { recipients: [k.recipient], encryptedRegex: KUBERNETES, macOnlyEncrypted: true, identities: [k.identity] };
  const first = await encryptYaml(secret(), opts);
  const { password: _dropped, ...rest } = secret().stringData;
  const changed = { ...secret(), stringData: { ...rest, extra: "new" } };
  const next = await encryptYaml(changed, { ...opts, previous: first });
  const line = (text: string, key: string) => text.split("\n").find((l) => l.startsWith(`  ${key}: `));
  assert.equal(line(next, "user"), line(first, "user"));
  assert.equal(line(next, "url"), line(first, "url"));
  assert.equal(line(next, "password"), undefined);
  assert.ok(line(next, "extra"));
});

test("a value moved to another key gets a new IV (its AAD differs)", async () => {
  const k = await keyPair();
  const opts = { recipients: [k.recipient], encryptedRegex: KUBERNETES, identities: [k.identity] };
  const first = await encryptYaml({ stringData: { a: "same" } }, opts);
  const next = await encryptYaml({ stringData: { b: "same" } }, { ...opts, previous: first });
  const iv = (text: string) => /iv:([^,]+)/.exec(text)![1];
  assert.notEqual(iv(next), iv(first));
});

test("changing the recipients makes a new data key and new ciphertext everywhere", async () => {
  const a = await keyPair();
  const b = await keyPair();
  const first = await encryptYaml(secret(), { recipients: [a.recipient], encryptedRegex: KUBERNETES });
  const result = await encryptYamlDocumentsDetailed([secret()], {
    recipients: [a.recipient, b.recipient],
    encryptedRegex: KUBERNETES,
    previous: first,
    identities: [a.identity],
  });
  assert.equal(result.outcome, "new-data-key");
  assert.equal(result.previousIgnored, "the recipients changed");
  const before = await decryptSops(first, { format: "yaml", identities: [a.identity] });
  const after = await decryptSops(result.text, { format: "yaml", identities: [b.identity] });
  assert.notDeepEqual(after.dataKey, before.dataKey);
  assert.deepEqual(after.tree, before.tree);
  assert.ok(!result.text.split("\n").some((l) => l.includes("ENC[") && first.includes(l)));
});

test("recipient order does not count as a change", async () => {
  const a = await keyPair();
  const b = await keyPair();
  const opts = { encryptedRegex: KUBERNETES, identities: [a.identity] };
  const first = await encryptYaml(secret(), { ...opts, recipients: [a.recipient, b.recipient] });
  const again = await encryptYaml(secret(), { ...opts, recipients: [b.recipient, a.recipient], previous: first });
  assert.equal(again, first);
});

test("without identities, or with a previous file that does not open, a fresh key is made and the reason given", async () => {
  const k = await keyPair();
  const other = await keyPair();
  const base = { recipients: [k.recipient], encryptedRegex: KUBERNETES };
  const first = await encryptYaml(secret(), base);
  const noIds = await encryptYamlDocumentsDetailed([secret()], { ...base, previous: first });
  assert.equal(noIds.outcome, "new-data-key");
  assert.match(noIds.previousIgnored!, /no identities/);
  const wrong = await encryptYamlDocumentsDetailed([secret()], { ...base, previous: first, identities: [other.identity] });
  assert.equal(wrong.outcome, "new-data-key");
  assert.match(wrong.previousIgnored!, /could not be used/);
  const garbage = await encryptYamlDocumentsDetailed([secret()], { ...base, previous: "not: [valid", identities: [k.identity] });
  assert.equal(garbage.outcome, "new-data-key");
});

test("a new selector or MAC mode re-encrypts with the same key instead of returning the old bytes", async () => {
  const k = await keyPair();
  const first = await encryptYaml(secret(), { recipients: [k.recipient], encryptedRegex: KUBERNETES, identities: [k.identity] });
  const result = await encryptYamlDocumentsDetailed([secret()], {
    recipients: [k.recipient],
    encryptedRegex: KUBERNETES,
    macOnlyEncrypted: true,
    previous: first,
    identities: [k.identity],
  });
  assert.equal(result.outcome, "reused-data-key");
  assert.match(result.text, /mac_only_encrypted: true/);
});

test("rotate: fresh data key, same plaintext, same recipients unless new ones are given", async () => {
  const a = await keyPair();
  const b = await keyPair();
  const first = await encryptYaml(secret(), { recipients: [a.recipient], encryptedRegex: KUBERNETES, macOnlyEncrypted: true });
  const rotated = await rotateSops(first, { identities: [a.identity] });
  const before = await decryptSops(first, { format: "yaml", identities: [a.identity] });
  const after = await decryptSops(rotated, { format: "yaml", identities: [a.identity] });
  assert.notDeepEqual(after.dataKey, before.dataKey);
  assert.deepEqual(after.tree, before.tree);
  assert.deepEqual(after.metadata.selector, before.metadata.selector);
  assert.equal(after.metadata.macOnlyEncrypted, true);
  const moved = await rotateSops(first, { identities: [a.identity], recipients: [b.recipient] });
  assert.deepEqual((await decryptSops(moved, { format: "yaml", identities: [b.identity] })).tree, secret());
  await assert.rejects(decryptSops(moved, { format: "yaml", identities: [a.identity] }), /none of the 1 age identity/);
});
