// Files we write with several key groups, checked by code that is not ours: Debian's `age` CLI
// unwraps each group's Shamir share, a combine written here from the textbook (log/exp tables,
// not our shamir.ts) rebuilds the data key, and the independent checker verifies values and MAC.
import assert from "node:assert/strict";
import { test } from "node:test";
import { parse } from "yaml";
import {
  decryptSops,
  encryptYaml,
  encryptYamlDocumentsDetailed,
  generateIdentity,
  identityToRecipient,
  rotateSops,
  SopsInputError,
  SopsNoMatchingKeyError,
} from "../../../compiler/secrets/index.js";
import { AGE_CLI_MISSING, ageCliAvailable, ageCliDecrypt, ageKeygen } from "./support/age-cli.js";
import { independentDecrypt } from "./support/independent-sops.js";
import { gfMul, textbookCombine } from "./support/textbook-shamir.js";

const KUBERNETES = "^(data|stringData)$";
const hasAge = ageCliAvailable();

const secret = () => ({
  apiVersion: "v1",
  kind: "Secret",
  metadata: { name: "vault", namespace: "apps" },
  type: "Opaque",
  stringData: { user: "admin", password: "s3cr3t: value", config: "a: 1\nb: 2\n" },
});

interface Key {
  identity: string;
  recipient: string;
}

async function key(goKeygen = false): Promise<Key> {
  const identity = goKeygen && hasAge ? ageKeygen() : await generateIdentity();
  return { identity, recipient: await identityToRecipient(identity) };
}

/** Three groups: [a1, a2], [b], [c]; keys from the Go age-keygen where available. */
async function threeGroups() {
  const a1 = await key(true);
  const a2 = await key();
  const b = await key(true);
  const c = await key();
  return { a1, a2, b, c, keyGroups: [[a1.recipient, a2.recipient], [b.recipient], [c.recipient]] };
}

interface Parsed {
  shamir_threshold?: number;
  key_groups?: { age: { recipient: string; enc: string }[] }[];
  age?: unknown;
}

const meta = (text: string) => (parse(text) as { sops: Parsed }).sops;

test("textbook combine agrees with the worked example (sanity of the test's own oracle)", () => {
  // f(x) = 0x2a + 0x05·x over GF(2^8): shares at x = 1 and x = 2.
  const f = (x: number) => 0x2a ^ gfMul(0x05, x);
  assert.deepEqual([...textbookCombine([Uint8Array.of(f(1), 1), Uint8Array.of(f(2), 2)])], [0x2a]);
});

test("2-of-3 key groups: the age CLI opens two groups' shares, a textbook combine rebuilds the key, values and MAC verify", async (t) => {
  if (!hasAge) return t.skip(AGE_CLI_MISSING);
  const k = await threeGroups();
  const text = await encryptYaml(secret(), { keyGroups: k.keyGroups, shamirThreshold: 2, encryptedRegex: KUBERNETES, macOnlyEncrypted: true });
  const m = meta(text);
  assert.equal(m.shamir_threshold, 2);
  assert.equal(m.age, undefined, "several groups are written under key_groups only");
  assert.deepEqual(m.key_groups!.map((g) => g.age.map((a) => a.recipient)), k.keyGroups);

  // Both keys of group 1 wrap the same 33-byte share; group 3's share has another x.
  const shareA1 = ageCliDecrypt(m.key_groups![0]!.age[0]!.enc, k.a1.identity);
  const shareA2 = ageCliDecrypt(m.key_groups![0]!.age[1]!.enc, k.a2.identity);
  const shareC = ageCliDecrypt(m.key_groups![2]!.age[0]!.enc, k.c.identity);
  assert.equal(shareA1.length, 33);
  assert.deepEqual(shareA1, shareA2);
  assert.notEqual(shareA1[32], shareC[32]);

  const dataKey = textbookCombine([shareA1, shareC]);
  assert.equal(dataKey.length, 32);
  const checked = independentDecrypt(text, dataKey);
  assert.deepEqual(checked.documents[0], secret());
  // Any other pair of groups gives the same key; one share alone is not the key.
  const shareB = ageCliDecrypt(m.key_groups![1]!.age[0]!.enc, k.b.identity);
  assert.deepEqual(textbookCombine([shareB, shareA2]), dataKey);
  assert.notDeepEqual(new Uint8Array(shareB.subarray(0, 32)), dataKey);

  const ours = await decryptSops(text, { format: "yaml", identities: [k.b.identity, k.c.identity] });
  assert.deepEqual(ours.tree, secret());
  assert.deepEqual(ours.dataKey, dataKey);
  assert.equal(ours.mac, checked.mac);
});

test("fewer groups than the threshold: a clear error naming how many groups opened", async () => {
  const k = await threeGroups();
  const text = await encryptYaml(secret(), { keyGroups: k.keyGroups, shamirThreshold: 2, encryptedRegex: KUBERNETES });
  await assert.rejects(decryptSops(text, { format: "yaml", identities: [k.a1.identity, k.a2.identity] }), (err: unknown) => {
    assert.ok(err instanceof SopsNoMatchingKeyError);
    assert.match(err.message, /split over 3 key groups and 2 must be opened; 1 could be \(group 1\)/);
    assert.doesNotMatch(err.message, /AGE-SECRET-KEY/);
    return true;
  });
  // The default threshold is every group.
  const all = await encryptYaml(secret(), { keyGroups: k.keyGroups, encryptedRegex: KUBERNETES });
  assert.equal(meta(all).shamir_threshold, 3);
  await assert.rejects(decryptSops(all, { format: "yaml", identities: [k.a1.identity, k.b.identity] }), /3 must be opened; 2 could be \(groups 1, 2\)/);
  assert.deepEqual((await decryptSops(all, { format: "yaml", identities: [k.a2.identity, k.b.identity, k.c.identity] })).tree, secret());
});

test("the metadata block has sops 3.10–3.12's layout for key groups (indent 2 and 4)", async () => {
  const k = await threeGroups();
  const text = await encryptYaml(secret(), { keyGroups: k.keyGroups, shamirThreshold: 2, encryptedRegex: KUBERNETES, macOnlyEncrypted: true, now: () => new Date("2026-01-02T03:04:05Z") });
  const block = text.slice(text.indexOf("\nsops:\n") + 1);
  const keys = block.split("\n").filter((l) => /^ {2}[a-z_]+:/.test(l)).map((l) => l.trim().split(":")[0]);
  assert.deepEqual(keys, ["shamir_threshold", "key_groups", "lastmodified", "mac", "encrypted_regex", "mac_only_encrypted", "version"]);
  assert.ok(block.startsWith(`sops:\n  shamir_threshold: 2\n  key_groups:\n    - age:\n        - recipient: ${k.a1.recipient}\n          enc: |\n            -----BEGIN AGE ENCRYPTED FILE-----\n`), block.slice(0, 400));
  assert.match(block, new RegExp(`\n        - recipient: ${k.a2.recipient}\n          enc: \\|\n`));
  assert.match(block, new RegExp(`\n    - age:\n        - recipient: ${k.c.recipient}\n`));
  assert.match(block, /\n  lastmodified: "2026-01-02T03:04:05Z"\n/);

  // go-yaml v3 with indent 4: groups' dashes at 8, keys at 10, age items' dashes at 12, armor at 16.
  const four = await encryptYaml(secret(), { keyGroups: k.keyGroups, encryptedRegex: KUBERNETES, indent: 4 });
  assert.match(four, new RegExp(`\nsops:\n {4}shamir_threshold: 3\n {4}key_groups:\n {8}- age:\n {12}- recipient: ${k.a1.recipient}\n {14}enc: \\|\n {16}-----BEGIN AGE ENCRYPTED FILE-----\n`));
  assert.deepEqual((await decryptSops(four, { format: "yaml", identities: [k.a1.identity, k.b.identity, k.c.identity] })).tree, secret());
});

test("one key group is the flat layout, whichever way it is given", async () => {
  const a = await key();
  const b = await key();
  const flat = await encryptYaml(secret(), { recipients: [a.recipient, b.recipient], encryptedRegex: KUBERNETES, identities: [a.identity] });
  assert.doesNotMatch(flat, /key_groups|shamir_threshold/);
  const again = await encryptYaml(secret(), { keyGroups: [[b.recipient, a.recipient]], shamirThreshold: 1, encryptedRegex: KUBERNETES, previous: flat, identities: [a.identity] });
  assert.equal(again, flat);
});

test("quiet diffs with key groups: same groups → same bytes; a value change keeps the shares; a group change rotates", async () => {
  const k = await threeGroups();
  const identities = [k.a1.identity, k.c.identity];
  const base = { keyGroups: k.keyGroups, shamirThreshold: 2, encryptedRegex: KUBERNETES, macOnlyEncrypted: true, identities };
  const first = await encryptYaml(secret(), { ...base, now: () => new Date("2026-01-01T00:00:00Z") });

  const same = await encryptYamlDocumentsDetailed([secret()], { ...base, previous: first });
  assert.equal(same.outcome, "unchanged");
  assert.equal(same.text, first);
  // Group order and key order inside a group carry no meaning.
  const reordered = await encryptYaml(secret(), { ...base, keyGroups: [[k.c.recipient], [k.a2.recipient, k.a1.recipient], [k.b.recipient]], previous: first });
  assert.equal(reordered, first);

  const changed = secret();
  changed.stringData.password = "rotated";
  const edited = await encryptYamlDocumentsDetailed([changed], { ...base, previous: first, now: () => new Date("2026-01-02T00:00:00Z") });
  assert.equal(edited.outcome, "reused-data-key");
  const sopsBlock = (text: string) => text.slice(text.indexOf("\nsops:\n"), text.indexOf("\n  lastmodified:"));
  assert.equal(sopsBlock(edited.text), sopsBlock(first), "the wrapped shares are kept verbatim");
  const diff = edited.text.split("\n").filter((l, i) => l !== first.split("\n")[i]);
  assert.equal(diff.length, 3, diff.join("\n")); // the password, lastmodified, mac

  const before = await decryptSops(first, { format: "yaml", identities });
  for (const next of [
    { keyGroups: [[k.a1.recipient], [k.b.recipient], [k.c.recipient]], shamirThreshold: 2 }, // a2 removed
    { keyGroups: k.keyGroups, shamirThreshold: 3 }, // threshold raised
    { keyGroups: [[k.a1.recipient, k.a2.recipient], [k.c.recipient]], shamirThreshold: 2 }, // a group dropped
  ]) {
    const result = await encryptYamlDocumentsDetailed([secret()], { ...base, ...next, previous: first });
    assert.equal(result.outcome, "new-data-key");
    assert.equal(result.previousIgnored, "the key groups changed");
    const after = await decryptSops(result.text, { format: "yaml", identities: [k.a1.identity, k.b.identity, k.c.identity] });
    assert.notDeepEqual(after.dataKey, before.dataKey);
    assert.deepEqual(after.tree, secret());
  }

  // Flat → groups and back are changes too.
  const flat = await encryptYamlDocumentsDetailed([secret()], { ...base, keyGroups: undefined, shamirThreshold: undefined, recipients: [k.a1.recipient], previous: first });
  assert.equal(flat.outcome, "new-data-key");
  const grouped = await encryptYamlDocumentsDetailed([secret()], { ...base, previous: flat.text, identities: [k.a1.identity] });
  assert.equal(grouped.outcome, "new-data-key");

  // Keys of one group only cannot open the previous file: a fresh key, and the reason.
  const oneGroup = await encryptYamlDocumentsDetailed([secret()], { ...base, previous: first, identities: [k.b.identity] });
  assert.equal(oneGroup.outcome, "new-data-key");
  assert.match(oneGroup.previousIgnored!, /1 could be \(group 2\)/);
});

test("rotate keeps a file's key groups and threshold, or moves it to new ones", async () => {
  const k = await threeGroups();
  const first = await encryptYaml(secret(), { keyGroups: k.keyGroups, shamirThreshold: 2, encryptedRegex: KUBERNETES });
  const rotated = await rotateSops(first, { identities: [k.a2.identity, k.b.identity] });
  const before = await decryptSops(first, { format: "yaml", identities: [k.a1.identity, k.b.identity] });
  const after = await decryptSops(rotated, { format: "yaml", identities: [k.b.identity, k.c.identity] });
  assert.notDeepEqual(after.dataKey, before.dataKey);
  assert.deepEqual(after.tree, secret());
  assert.equal(after.metadata.shamirThreshold, 2);
  assert.deepEqual(after.metadata.keyGroups.map((g) => g.age.map((a) => a.recipient)), k.keyGroups);

  const toFlat = await rotateSops(first, { identities: [k.a1.identity, k.c.identity], recipients: [k.b.recipient] });
  assert.doesNotMatch(toFlat, /key_groups/);
  assert.deepEqual((await decryptSops(toFlat, { format: "yaml", identities: [k.b.identity] })).tree, secret());
  const toGroups = await rotateSops(toFlat, { identities: [k.b.identity], keyGroups: [[k.a1.recipient], [k.c.recipient]] });
  assert.equal(meta(toGroups).shamir_threshold, 2);
  await assert.rejects(decryptSops(toGroups, { format: "yaml", identities: [k.b.identity, k.a1.identity] }), SopsNoMatchingKeyError);
});

test("key groups that sops could not write are refused", async () => {
  const a = await key();
  const b = await key();
  const bad: { keyGroups?: string[][]; recipients?: string[]; shamirThreshold?: number; why: RegExp }[] = [
    { keyGroups: [[a.recipient], [b.recipient]], shamirThreshold: 1, why: /from 2 to 2/ },
    { keyGroups: [[a.recipient], [b.recipient]], shamirThreshold: 3, why: /from 2 to 2/ },
    { keyGroups: [[a.recipient], []], why: /key group 2 has no age recipient/ },
    { keyGroups: [], why: /at least one key group/ },
    { keyGroups: [[a.recipient]], shamirThreshold: 2, why: /needs that many key groups/ },
    { recipients: [a.recipient], shamirThreshold: 2, why: /needs several key groups/ },
    { recipients: [a.recipient], keyGroups: [[b.recipient]], why: /not both/ },
  ];
  for (const { why, ...options } of bad) {
    await assert.rejects(encryptYaml(secret(), options), (err: unknown) => err instanceof SopsInputError && why.test(err.message));
  }
});
