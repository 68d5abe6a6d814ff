import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { openStore, sealStore } from "../../../compiler/secrets-store/store.js";
import { removeDir } from "../../support/tree.js";
import { copyExample, demoIdentity, demoKeyFile, demoRecipient, fixtureSecrets, labc } from "../secrets-store/support/secret-project.js";

const env = { SOPS_AGE_KEY_FILE: demoKeyFile, ...fixtureSecrets };
const keys = { keyGroups: [[demoRecipient]], shamirThreshold: 1 };

async function storeValue(dir: string, name: string): Promise<string | undefined> {
  return (await openStore(dir, [demoIdentity])).values.get(name);
}

/** What a bad merge does: the store loses one entry, the others stay. */
async function dropFromStore(dir: string, name: string): Promise<void> {
  const store = await openStore(dir, [demoIdentity]);
  assert.ok(store.values.delete(name), `the store held ${name}`);
  writeFileSync(join(dir, "secrets.sops.yaml"), await sealStore(store, keys, [demoIdentity]));
}

function git(dir: string, ...args: string[]): void {
  execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], { cwd: dir, stdio: "ignore" });
}

test("a generated value the store lost while Git holds it stops the build; restore or regenerate on purpose", async () => {
  const dir = copyExample("ha");
  try {
    const first = labc(["build", "cluster.lab", "--out", "out"], { cwd: dir, env });
    assert.equal(first.code, 0, first.stderr);
    const token = await storeValue(dir, "webhook-token");
    const deployKey = await storeValue(dir, "github-deploy-key");
    assert.match(token ?? "", /^[0-9a-f]{64}$/);
    git(dir, "init", "-q");
    git(dir, "add", "cluster.lab", "secrets.sops.yaml", "talsecret.sops.yaml");
    git(dir, "commit", "-qm", "cluster");

    await dropFromStore(dir, "webhook-token");
    const refused = labc(["build", "cluster.lab", "--out", "out"], { cwd: dir, env });
    assert.equal(refused.code, 1, refused.stderr);
    // At the declaration (line 71 of the HA example), with both ways out.
    assert.match(refused.stderr, /cluster\.lab:71:\d+: error LAB4011: secret 'webhook-token' was generated once and Git's index still holds it/);
    const restore = /restore the store with '([^']+)'/.exec(refused.stderr)?.[1];
    assert.equal(restore, "git show :secrets.sops.yaml > secrets.sops.yaml");
    assert.match(refused.stderr, /labc secret regenerate webhook-token/);
    assert.equal(await storeValue(dir, "webhook-token"), undefined, "nothing was made");

    // The restore command as printed brings the same value back.
    execFileSync("sh", ["-c", restore!], { cwd: dir });
    const restored = labc(["build", "cluster.lab", "--out", "out"], { cwd: dir, env });
    assert.equal(restored.code, 0, restored.stderr);
    assert.equal(await storeValue(dir, "webhook-token"), token);

    // Once committed, the guard reads the commit as well: a lost deploy key is refused too.
    await dropFromStore(dir, "github-deploy-key");
    const noKey = labc(["build", "cluster.lab", "--out", "out"], { cwd: dir, env });
    assert.equal(noKey.code, 1, noKey.stderr);
    assert.match(noKey.stderr, /secret 'github-deploy-key' was generated once/);
    execFileSync("sh", ["-c", "git show :secrets.sops.yaml > secrets.sops.yaml"], { cwd: dir });
    assert.equal(await storeValue(dir, "github-deploy-key"), deployKey);

    // A new value on purpose: regenerate, then the build uses it.
    const rm = labc(["secret", "rm", "webhook-token"], { cwd: dir, env });
    assert.equal(rm.code, 1, "rm refuses a name cluster.lab still generates");
    assert.match(rm.stderr, /labc secret regenerate webhook-token/);
    const regenerated = labc(["secret", "regenerate", "webhook-token"], { cwd: dir, env });
    assert.equal(regenerated.code, 0, regenerated.stderr);
    assert.match(regenerated.stdout, /replaced webhook-token with a new value in secrets\.sops\.yaml/);
    const fresh = await storeValue(dir, "webhook-token");
    assert.match(fresh ?? "", /^[0-9a-f]{64}$/);
    assert.notEqual(fresh, token);
    const rebuilt = labc(["build", "cluster.lab", "--out", "out"], { cwd: dir, env });
    assert.equal(rebuilt.code, 0, rebuilt.stderr);
    assert.equal(await storeValue(dir, "webhook-token"), fresh);
  } finally {
    removeDir(dir);
  }
});

test("regenerate refuses what labc does not make: a stored value, the cluster's own age key", () => {
  const dir = copyExample("homelab");
  try {
    const stored = labc(["secret", "regenerate", "cloudflare-token"], { cwd: dir, env });
    assert.equal(stored.code, 1);
    assert.match(stored.stderr, /'cloudflare-token' is store\(\) in cluster\.lab; .*labc secret set cloudflare-token/);
    const clusterKey = labc(["secret", "regenerate", "cluster-age-key"], { cwd: dir, env });
    assert.equal(clusterKey.code, 1);
    assert.match(clusterKey.stderr, /locks the running cluster out/);
  } finally {
    removeDir(dir);
  }
});

test("without Git there is no copy to tell a lost value from a new one, and the build makes it", async () => {
  const dir = copyExample("ha");
  try {
    assert.equal(spawnSync("git", ["rev-parse"], { cwd: dir }).status === 0, false, "the temp dir is outside any work tree");
    await dropFromStore(dir, "webhook-token");
    const built = labc(["build", "cluster.lab", "--out", "out"], { cwd: dir, env });
    assert.equal(built.code, 0, built.stderr);
    assert.match((await storeValue(dir, "webhook-token")) ?? "", /^[0-9a-f]{64}$/);
  } finally {
    removeDir(dir);
  }
});
