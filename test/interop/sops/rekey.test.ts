// Files re-keyed by the real `sops rotate -i` and `sops updatekeys -y` stay readable by labc, and
// a rebuild over them is quiet. "Quiet" after a sops re-key means: every file whose plaintext and
// recipients did not change keeps sops' bytes (no ciphertext churn, not even lastmodified); the
// one file labc derives from another — out/talos/talsecret.sops.yaml, a byte-for-byte copy of the
// bundle beside cluster.lab — follows its source, so re-key the source.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { parseDocument } from "yaml";
import { generateIdentity, identityToRecipient } from "../../../compiler/secrets/age/index.js";
import { decryptSops, decryptSopsWithDataKey } from "../../../compiler/secrets/sops/index.js";
import { labc } from "../../compiler/secrets-store/support/secret-project.js";
import { removeDir } from "../../support/tree.js";
import { toolOptions } from "../support/tools.js";
import {
  assertSamePlaintext,
  assertSopsOk,
  buildProject,
  copyProject,
  demoIdentity,
  labcPlaintext,
  projectCases,
  sops,
  sopsFilesOf,
  sopsPlace,
  writeProjectSopsConfig,
  type SopsProject,
} from "./support.js";

const demoRecipient = "age1m4acj4mjupv5wgxtruey44wpq34tqkk7hkkj77566vy0t80gqfmsdmpcvk";
const REPO_BUNDLE = "out/talos/talsecret.sops.yaml";

async function project(name: string): Promise<SopsProject> {
  const p = copyProject(projectCases().find((c) => c.name === name)!);
  writeProjectSopsConfig(p, await buildProject(p));
  return p;
}

const read = (p: SopsProject, path: string) => readFileSync(join(p.dir, path), "utf8");
const snapshot = (p: SopsProject) => new Map(sopsFilesOf(p).map((f) => [f, read(p, f)]));

async function plaintexts(p: SopsProject, identities: readonly string[] = p.identities): Promise<Map<string, unknown[]>> {
  const out = new Map<string, unknown[]>();
  for (const f of sopsFilesOf(p)) out.set(f, (await labcPlaintext(read(p, f), identities)).documents);
  return out;
}

for (const name of ["homelab", "ha"]) {
  test(`${name}: after sops rotate -i of every file, labc reads them all and a rebuild keeps sops' bytes`, toolOptions("sops"), async () => {
    const p = await project(name);
    try {
      const before = await plaintexts(p);
      const keys = new Map<string, Uint8Array>();
      for (const f of sopsFilesOf(p)) keys.set(f, (await decryptSops(read(p, f), { format: "yaml", identities: [...p.identities] })).dataKey);
      for (const f of sopsFilesOf(p).filter((f) => f !== REPO_BUNDLE)) {
        const { cwd, file } = sopsPlace(p, f);
        assertSopsOk(sops(["rotate", "-i", file], { cwd, keyFile: p.keyFile }), `rotate -i ${f}`);
      }
      const rotated = snapshot(p);
      for (const [f, docs] of await plaintexts(p)) {
        assertSamePlaintext(docs, before.get(f), `${f} after sops rotate`);
        if (f === REPO_BUNDLE) continue;
        const fresh = (await decryptSops(rotated.get(f)!, { format: "yaml", identities: [...p.identities] })).dataKey;
        assert.ok(!Buffer.from(fresh).equals(Buffer.from(keys.get(f)!)), `${f}: sops made a fresh data key`);
      }
      const rebuilt = await buildProject(p);
      assert.deepEqual(rebuilt.written!.changed, ["talos/talsecret.sops.yaml"], "only the repository copy of the rotated bundle follows it");
      assert.equal(read(p, REPO_BUNDLE), read(p, "talsecret.sops.yaml"));
      for (const [f, text] of rotated) if (f !== REPO_BUNDLE) assert.equal(read(p, f), text, `${f} keeps sops' bytes`);
      assert.deepEqual((await buildProject(p)).written!.changed, [], "and the next rebuild changes nothing");

      // The repository copy rotated on its own is put back to its source's bytes.
      assertSopsOk(sops(["rotate", "-i", "talos/talsecret.sops.yaml"], { cwd: p.out, keyFile: p.keyFile }), "rotate -i the repository copy");
      assert.deepEqual((await buildProject(p)).written!.changed, ["talos/talsecret.sops.yaml"]);
      assert.equal(read(p, REPO_BUNDLE), read(p, "talsecret.sops.yaml"));
    } finally {
      removeDir(p.dir);
    }
  });
}

/** Adds or removes a recipient in every creation rule of a labc `.sops.yaml` (either layout), through the YAML document model. */
function editRules(path: string, edit: (keys: string[]) => string[]): void {
  const doc = parseDocument(readFileSync(path, "utf8"));
  const rules = doc.get("creation_rules") as { items: { get(k: string): unknown; set(k: string, v: unknown): void }[] };
  for (const rule of rules.items) {
    const flat = rule.get("age");
    if (typeof flat === "string") {
      rule.set("age", edit(flat.split(",")).join(","));
      continue;
    }
    const groups = (rule.get("key_groups") as { items: { get(k: string): unknown; set(k: string, v: unknown): void }[] }).items;
    for (const group of groups) group.set("age", doc.createNode(edit((group.get("age") as { toJSON(): string[] }).toJSON())));
  }
  writeFileSync(path, doc.toString());
}

test("recipients changed with sops updatekeys -y: labc reads the files, a rebuild with the same recipients in cluster.lab is quiet; a removal needs a rotate", toolOptions("sops"), async () => {
  const p = await project("homelab");
  try {
    const before = await plaintexts(p);
    const second = await generateIdentity();
    const secondRecipient = await identityToRecipient(second);
    const keyFile = join(p.dir, "both.key");
    writeFileSync(keyFile, `${demoIdentity}\n${second}\n`, { mode: 0o600 });
    // The repository's copy of the Talos bundle is re-keyed by re-keying its source (the build copies it).
    const updateAll = () => {
      for (const f of sopsFilesOf(p).filter((f) => f !== REPO_BUNDLE)) {
        const { cwd, file } = sopsPlace(p, f);
        assertSopsOk(sops(["updatekeys", "-y", file], { cwd, keyFile }), `updatekeys ${f}`);
      }
    };
    const lab = read(p, "cluster.lab");
    const withBoth = lab.replace(`recipients = ["${demoRecipient}"]`, `recipients = ["${demoRecipient}", "${secondRecipient}"]`);
    assert.notEqual(withBoth, lab);

    // Add a recipient the sops way: both .sops.yaml files, then updatekeys on every file.
    editRules(join(p.dir, ".sops.yaml"), (keys) => [...keys, secondRecipient]);
    editRules(join(p.out, ".sops.yaml"), (keys) => [...keys, secondRecipient]);
    updateAll();
    const updated = snapshot(p);
    updated.delete(REPO_BUNDLE);
    for (const f of updated.keys()) {
      const { cwd, file } = sopsPlace(p, f);
      const run = sops(["-d", file], { cwd, key: second });
      assertSopsOk(run, `-d ${f} with the added key alone`);
    }

    writeFileSync(join(p.dir, "cluster.lab"), withBoth);
    const rebuilt = await buildProject(p);
    assert.deepEqual(rebuilt.diagnostics.filter((d) => d.code === "LAB4006").map((d) => d.message), [], "no drift: files and cluster.lab agree");
    assert.deepEqual(rebuilt.written!.changed.filter((f) => f.endsWith(".sops.yaml") && f !== ".sops.yaml"), ["talos/talsecret.sops.yaml"], "no SOPS file was rewritten but the bundle's copy");
    for (const [f, text] of updated) assert.equal(read(p, f), text, `${f} keeps the bytes sops updatekeys wrote`);
    assert.equal(read(p, REPO_BUNDLE), read(p, "talsecret.sops.yaml"));
    assertSamePlaintext(await plaintexts(p, [second]), before, "labc reads every file with the added key alone");

    // Remove it again the sops way. updatekeys keeps each file's data key (sops re-wraps the key
    // it has), so the removed key still opens the old data key: labc cannot tell, and a rotate
    // is what locks it out (docs/secrets.md says so).
    const dataKeys = new Map<string, Uint8Array>();
    for (const f of sopsFilesOf(p)) dataKeys.set(f, (await decryptSops(read(p, f), { format: "yaml", identities: [second] })).dataKey);
    editRules(join(p.dir, ".sops.yaml"), (keys) => keys.filter((k) => k !== secondRecipient));
    editRules(join(p.out, ".sops.yaml"), (keys) => keys.filter((k) => k !== secondRecipient));
    updateAll();
    writeFileSync(join(p.dir, "cluster.lab"), lab);
    const quiet = await buildProject(p);
    assert.deepEqual(quiet.diagnostics.filter((d) => d.code === "LAB4006").map((d) => d.message), []);
    assert.deepEqual(quiet.written!.changed.filter((f) => f.endsWith(".sops.yaml") && f !== ".sops.yaml"), ["talos/talsecret.sops.yaml"]);
    for (const f of sopsFilesOf(p)) {
      await assert.rejects(decryptSops(read(p, f), { format: "yaml", identities: [second] }), Error, `${f}: the removed key has no slot`);
      decryptSopsWithDataKey(read(p, f), "yaml", dataKeys.get(f)!); // …but its old data key still opens the file
    }
    const rotate = labc(["secret", "rotate"], { cwd: p.dir, env: { SOPS_AGE_KEY_FILE: p.keyFile } });
    assert.equal(rotate.code, 0, rotate.stderr);
    for (const f of sopsFilesOf(p)) {
      assert.throws(() => decryptSopsWithDataKey(read(p, f), "yaml", dataKeys.get(f)!), Error, `${f}: after labc secret rotate the old data key opens nothing`);
      const { cwd, file } = sopsPlace(p, f);
      assertSopsOk(sops(["-d", file], { cwd, keyFile: p.keyFile }), `-d ${f} after labc secret rotate`);
    }
    assertSamePlaintext(await plaintexts(p), before, "values unchanged throughout");
  } finally {
    removeDir(p.dir);
  }
});
