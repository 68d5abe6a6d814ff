// Read-only support for files whose data key is split with Shamir over several key groups.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { test } from "node:test";
import fc from "fast-check";
import {
  decryptSops,
  generateIdentity,
  identityToRecipient,
  SopsNoMatchingKeyError,
  wrapDataKey,
} from "../../../compiler/secrets/index.js";
import { formatLastModified } from "../../../compiler/secrets/sops/go-time.js";
import { combineShares, splitSecret } from "../../../compiler/secrets/sops/shamir.js";
import { emitYamlDocuments } from "../../../compiler/secrets/sops/stores/yaml-writer.js";
import { branchFromPlain, str, type SopsMapping } from "../../../compiler/secrets/sops/tree.js";
import { encryptBranches, encryptMac } from "../../../compiler/secrets/sops/tree-crypt.js";

test("Shamir: any `threshold` shares rebuild the secret", () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 1, maxLength: 40 }), fc.integer({ min: 2, max: 6 }), fc.integer({ min: 0, max: 4 }), (secret, threshold, extra) => {
      const shares = splitSecret(secret, threshold + extra, threshold);
      assert.ok(shares.every((s) => s.length === secret.length + 1));
      const subset = fc.sample(fc.shuffledSubarray(shares, { minLength: threshold, maxLength: threshold }), 1)[0]!;
      assert.deepEqual(combineShares(subset), secret);
    }),
    { numRuns: 100, seed: Number(process.env["FC_SEED"] ?? 20261203) },
  );
});

test("a file with three key groups and threshold 2 opens with keys from any two groups", async () => {
  const identities = [await generateIdentity(), await generateIdentity(), await generateIdentity()];
  const recipients = await Promise.all(identities.map(identityToRecipient));
  const dataKey = new Uint8Array(randomBytes(32));
  const shares = splitSecret(dataKey, 3, 2);
  const tree = { apiVersion: "v1", kind: "Secret", stringData: { token: "abc" } };
  const selector = { kind: "encrypted_regex" as const, value: "^(data|stringData)$" };
  const encrypted = encryptBranches([branchFromPlain(tree)], { dataKey, selector, macOnlyEncrypted: false });
  const lastModified = formatLastModified(new Date());
  const groups = await Promise.all(
    recipients.map(async (recipient, i): Promise<SopsMapping> => ({
      kind: "map",
      items: [
        {
          kind: "pair",
          key: "age",
          value: {
            kind: "seq",
            items: [{ kind: "map", items: [{ kind: "pair", key: "recipient", value: str(recipient) }, { kind: "pair", key: "enc", value: str(await wrapDataKey(shares[i]!, recipient)) }] }],
          },
        },
      ],
    })),
  );
  const sops: SopsMapping = {
    kind: "map",
    items: [
      { kind: "pair", key: "shamir_threshold", value: { kind: "int", value: 2n } },
      { kind: "pair", key: "key_groups", value: { kind: "seq", items: groups } },
      { kind: "pair", key: "lastmodified", value: str(lastModified) },
      { kind: "pair", key: "mac", value: str(encryptMac(encrypted.mac, dataKey, lastModified)) },
      { kind: "pair", key: "encrypted_regex", value: str(selector.value) },
      { kind: "pair", key: "version", value: str("3.10.2") },
    ],
  };
  const text = emitYamlDocuments([{ kind: "map", items: [...encrypted.branches[0]!.items, { kind: "pair", key: "sops", value: sops }] }]);

  for (const pair of [[0, 1], [1, 2], [0, 2]]) {
    const file = await decryptSops(text, { format: "yaml", identities: pair.map((i) => identities[i]!) });
    assert.deepEqual(file.tree, tree);
    assert.deepEqual(file.dataKey, dataKey);
    assert.equal(file.metadata.keyGroups.length, 3);
  }
  await assert.rejects(decryptSops(text, { format: "yaml", identities: [identities[1]!] }), (err: unknown) => {
    assert.ok(err instanceof SopsNoMatchingKeyError);
    assert.match(err.message, /split over 3 key groups and 2 must be opened; 1 could be/);
    assert.deepEqual(err.recipients, recipients);
    return true;
  });
});
