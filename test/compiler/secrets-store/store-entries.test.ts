// A store labc did not write itself (`sops edit`, `sops -e`): its order, comments and typed or
// nested entries survive `labc secret set` and `rm`, which change only the entry they name.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { encryptBranchesToYaml } from "../../../compiler/secrets/sops/encrypt.js";
import { decryptSops } from "../../../compiler/secrets/sops/index.js";
import type { SopsMapping } from "../../../compiler/secrets/sops/tree.js";
import { removeDir } from "../../support/tree.js";
import { copyExample, demoIdentity, demoKeyFile, demoRecipient, labc, quietChange } from "./support/secret-project.js";

const keyEnv = { SOPS_AGE_KEY_FILE: demoKeyFile };

/** The store as sops would write it from a hand-made plaintext: unsorted, a comment, an int, a map. */
const handWritten: SopsMapping = {
  kind: "map",
  items: [
    { kind: "pair", key: "zeta", value: { kind: "str", value: "zeta-value-1" } },
    { kind: "comment", value: " the database" },
    { kind: "pair", key: "db-port", value: { kind: "int", value: 5432n } },
    { kind: "pair", key: "extra", value: { kind: "map", items: [{ kind: "pair", key: "user", value: { kind: "str", value: "admin-9" } }] } },
    { kind: "pair", key: "cloudflare-token", value: { kind: "str", value: "cf-token-1" } },
    { kind: "pair", key: "tunnel-credentials", value: { kind: "str", value: "{}" } },
    { kind: "pair", key: "webhook-token", value: { kind: "str", value: "hook-1" } },
  ],
};

async function storeTop(dir: string): Promise<SopsMapping> {
  const text = readFileSync(join(dir, "secrets.sops.yaml"), "utf8");
  return (await decryptSops(text, { format: "yaml", identities: [demoIdentity] })).branches[0]!;
}

test("set and rm on a store written by sops keep its order, comments, an int and a nested map; only the named entry changes", async () => {
  const dir = copyExample("homelab");
  try {
    const store = join(dir, "secrets.sops.yaml");
    writeFileSync(store, (await encryptBranchesToYaml([handWritten], { recipients: [demoRecipient], macOnlyEncrypted: true })).text);
    const before = readFileSync(store, "utf8");

    const set = labc(["secret", "set", "webhook-token"], { cwd: dir, env: keyEnv, input: "hook-2" });
    assert.equal(set.code, 0, set.stderr);
    assert.deepEqual(quietChange(before, readFileSync(store, "utf8")), ["webhook-token", "mac"]);
    const expected = handWritten.items.map((i) => (i.kind === "pair" && i.key === "webhook-token" ? { ...i, value: { kind: "str", value: "hook-2" } } : i));
    assert.deepEqual((await storeTop(dir)).items, expected);

    const get = labc(["secret", "get", "db-port"], { cwd: dir, env: keyEnv });
    assert.equal(get.stdout, "5432\n", "an int entry reads as its text");

    const added = labc(["secret", "set", "aaa-new"], { cwd: dir, env: keyEnv, input: "new-1" });
    assert.equal(added.code, 0, added.stderr);
    const rm = labc(["secret", "rm", "extra"], { cwd: dir, env: keyEnv });
    assert.equal(rm.code, 0, rm.stderr);
    const keys = (await storeTop(dir)).items.map((i) => (i.kind === "pair" ? i.key : `#${i.value}`));
    assert.deepEqual(keys, ["aaa-new", "zeta", "# the database", "db-port", "cloudflare-token", "tunnel-credentials", "webhook-token"]);
  } finally {
    removeDir(dir);
  }
});
