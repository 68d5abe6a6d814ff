import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

import { checkText } from "../../../compiler/import/check-text.js";
import { readRepoSecrets, RepoSecretFiles } from "../../../compiler/import/read-repo-secrets.js";
import { RepoFiles } from "../../../compiler/import/repo-files.js";
import { locateSecrets } from "../../../compiler/import/secret-locations.js";
import { decryptSops } from "../../../compiler/secrets/sops/index.js";
import { encryptYaml } from "../../../compiler/secrets/sops/encrypt.js";
import { generateIdentity, identityToRecipient } from "../../../compiler/secrets/age/index.js";
import { repoPath } from "../../support/paths.js";
import { removeDir, tempDir } from "../../support/tree.js";

const identity = readFileSync(repoPath("examples", "homelab", "age.key"), "utf8").split("\n").find((l) => l.startsWith("AGE-SECRET-KEY-"))!;
const recipients = (parse(readFileSync(repoPath("out", ".sops.yaml"), "utf8")) as { creation_rules: { key_groups: { age: string[] }[] }[] }).creation_rules.at(-1)!.key_groups[0]!.age;

async function located() {
  const { model } = checkText(readFileSync(repoPath("examples", "homelab", "cluster.lab"), "utf8"));
  return locateSecrets(model!, undefined);
}

test("values under data (base64) read as under stringData; a missing file or a foreign key is named, never a value", async () => {
  const repo = tempDir("import-read", repoPath("out"));
  try {
    const flux = "kubernetes/apps/flux-system/flux-instance/app/secret.sops.yaml";
    const doc = (await decryptSops(readFileSync(join(repo, flux), "utf8"), { format: "yaml", identities: [identity] })).tree as { stringData?: Record<string, string>; data?: Record<string, string> };
    const plain = doc.stringData!;
    doc.data = Object.fromEntries(Object.entries(plain).map(([k, v]) => [k, Buffer.from(v).toString("base64")]));
    delete doc.stringData;
    writeFileSync(join(repo, flux), await encryptYaml(doc, { recipients, encryptedRegex: "^(data|stringData)$", macOnlyEncrypted: true }));
    rmSync(join(repo, "kubernetes/apps/network/cloudflare-tunnel/app/secret.sops.yaml"));
    const dns = "kubernetes/apps/network/cloudflare-dns/app/secret.sops.yaml";
    const other = await generateIdentity();
    const dnsDoc = (await decryptSops(readFileSync(join(repo, dns), "utf8"), { format: "yaml", identities: [identity] })).tree;
    writeFileSync(join(repo, dns), await encryptYaml(dnsDoc, { recipients: [await identityToRecipient(other)], encryptedRegex: "^(data|stringData)$", macOnlyEncrypted: true }));

    const read = await readRepoSecrets(new RepoSecretFiles(new RepoFiles(repo), [identity]), await located());
    assert.ok(read.values.get("webhook-token") === Object.values(plain)[0], "the webhook token, read from data");
    assert.equal(read.missing.get("tunnel-credentials"), "kubernetes/apps/network/cloudflare-tunnel/app/secret.sops.yaml is not in the repository");
    // cert-manager's copy of the token still opens, cloudflare-dns's does not: the one readable value is used.
    assert.ok(read.values.has("cloudflare-token"));
    assert.ok(!read.missing.has("cloudflare-token"));
    const none = await readRepoSecrets(new RepoSecretFiles(new RepoFiles(repo), [other]), await located());
    assert.equal(none.missing.get("webhook-token"), `no age key found opens ${flux}`);
    for (const why of [...read.missing.values(), ...none.missing.values()]) assert.ok(!why.includes(plain[Object.keys(plain)[0]!]!));
  } finally {
    removeDir(repo);
  }
});
