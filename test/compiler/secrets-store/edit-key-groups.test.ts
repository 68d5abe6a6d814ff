// `labc secret edit` on a file split over key groups keeps its groups, threshold and data key,
// as `sops edit` does: only the edited value, the MAC and lastmodified change.
import assert from "node:assert/strict";
import { test } from "node:test";
import { decryptSops, encryptYaml, generateIdentity, identityToRecipient } from "../../../compiler/secrets/index.js";
import { openForEdit } from "../../../compiler/secrets-store/reencrypt-edited.js";

test("editing a 2-of-3 key-group file keeps the groups and the data key", async () => {
  const identities = await Promise.all([generateIdentity(), generateIdentity(), generateIdentity()]);
  const recipients = await Promise.all(identities.map(identityToRecipient));
  const keyGroups = recipients.map((r) => [r]);
  const text = await encryptYaml({ token: "one", other: "two" }, { keyGroups, shamirThreshold: 2, macOnlyEncrypted: true, now: () => new Date("2026-01-01T00:00:00Z") });
  const opened = [identities[0]!, identities[2]!];
  const editable = await openForEdit(text, opened, []);
  assert.match(editable.plaintext, /token: one/);
  const result = await editable.reencrypt(editable.plaintext.replace("token: one", "token: three"));
  assert.equal(result.outcome, "reused-data-key");
  const before = await decryptSops(text, { format: "yaml", identities: opened });
  const after = await decryptSops(result.text, { format: "yaml", identities: [identities[1]!, identities[2]!] });
  assert.deepEqual(after.tree, { token: "three", other: "two" });
  assert.deepEqual(after.dataKey, before.dataKey);
  assert.equal(after.metadata.shamirThreshold, 2);
  assert.deepEqual(after.metadata.keyGroups.map((g) => g.age.map((a) => a.recipient)), keyGroups);
  const sopsBlock = (t: string) => t.slice(t.indexOf("\nsops:\n"), t.indexOf("\n  lastmodified:"));
  assert.equal(sopsBlock(result.text), sopsBlock(text));
});
