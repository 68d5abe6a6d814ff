// Key groups (test/fixtures/key-groups: 3 groups, shamir_threshold 2) against the real sops: it
// combines labc's Shamir shares with keys of two groups and refuses one group's key alone; what
// sops splits under labc's key-group rules, labc combines; a sops rotate keeps rebuilds quiet.
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { Document, parse } from "yaml";
import { decryptSops } from "../../../compiler/secrets/sops/index.js";
import { labc } from "../../compiler/secrets-store/support/secret-project.js";
import { removeDir } from "../../support/tree.js";
import { toolOptions } from "../support/tools.js";
import {
  assertSamePlaintext,
  assertSopsOk,
  buildProject,
  ciIdentity,
  copyProject,
  demoIdentity,
  labcPlaintext,
  projectCases,
  sops,
  sopsFilesOf,
  sopsPlace,
  writeProjectSopsConfig,
  yamlDocuments,
  type SopsProject,
} from "./support.js";

async function keyGroupsProject(): Promise<SopsProject> {
  const p = copyProject(projectCases().find((c) => c.name === "key-groups")!);
  writeProjectSopsConfig(p, await buildProject(p));
  return p;
}

const twoGroups = `${demoIdentity}\n${ciIdentity}\n`;

test("sops -d opens labc's key-group files with keys of two groups and refuses one group's key alone", toolOptions("sops"), async () => {
  const p = await keyGroupsProject();
  try {
    const files = sopsFilesOf(p);
    assert.ok(files.length >= 6, files.join(", "));
    for (const path of files) {
      const text = readFileSync(join(p.dir, path), "utf8");
      const meta = (parse(text.split(/^---\n/m)[0]!) as { sops: { shamir_threshold?: number; key_groups?: unknown[] } }).sops;
      assert.equal(meta.shamir_threshold, 2, path);
      assert.equal(meta.key_groups?.length, 3, path);
      const { cwd, file } = sopsPlace(p, path);
      const both = sops(["-d", file], { cwd, key: twoGroups });
      assertSopsOk(both, `-d ${path} with two groups' keys`);
      assert.ok(both.stdout === (await labcPlaintext(text, [demoIdentity, ciIdentity])).rendered, `${path}: sops and labc print the same`);
      for (const [group, key] of [["operators", demoIdentity], ["ci", ciIdentity]] as const) {
        const one = sops(["-d", file], { cwd, key });
        assert.notEqual(one.status, 0, `${path}: the ${group} key alone must not open it`);
        assert.equal(one.stdout, "", "nothing printed");
        assert.match(one.stderr, /Shamir threshold of\s+2, but only 1 part\(s\) were successfully recovered/, `${path}: sops says why (${group} key only)`);
        await assert.rejects(decryptSops(text, { format: "yaml", identities: [key] }), Error, `${path}: labc refuses the ${group} key alone too`);
      }
    }
  } finally {
    removeDir(p.dir);
  }
});

test("what sops splits under labc's key-group rules, labc combines; after sops rotate a rebuild stays quiet", toolOptions("sops"), async () => {
  const p = await keyGroupsProject();
  try {
    // A new Secret at a path the project's rules cover: sops splits its data key 2-of-3.
    mkdirSync(join(p.dir, "kubernetes", "apps", "extra"), { recursive: true });
    const manifest = new Document({ apiVersion: "v1", kind: "Secret", metadata: { name: "extra" }, stringData: { token: "kg-token-0001" } });
    const path = "kubernetes/apps/extra/secret.sops.yaml";
    const enc = sops(["encrypt", "--filename-override", path], { cwd: p.dir, key: twoGroups, input: manifest.toString() });
    assertSopsOk(enc, `encrypt ${path}`);
    assert.match(enc.stdout, /^ {2}shamir_threshold: 2$/m);
    const labcReads = await decryptSops(enc.stdout, { format: "yaml", identities: [demoIdentity, ciIdentity] });
    assertSamePlaintext(labcReads.documents, [manifest.toJS()], "labc combines the shares sops made");
    await assert.rejects(decryptSops(enc.stdout, { format: "yaml", identities: [ciIdentity] }), Error, "one group's key is not enough for labc either");
    writeFileSync(join(p.dir, path), enc.stdout);
    const cli = labc(["secret", "decrypt", path], { cwd: p.dir, env: { SOPS_AGE_KEY_FILE: p.keyFile } });
    assert.equal(cli.code, 0, cli.stderr);
    assertSamePlaintext(yamlDocuments(cli.stdout), [manifest.toJS()], "labc secret decrypt of sops' split file");

    // sops rotate: a fresh data key split anew over the same groups; labc reads it and keeps it.
    const secret = "kubernetes/apps/cert-manager/cert-manager/app/secret.sops.yaml";
    const before = await labcPlaintext(readFileSync(join(p.out, secret), "utf8"), p.identities);
    assertSopsOk(sops(["rotate", "-i", secret], { cwd: p.out, key: twoGroups }), `rotate -i ${secret}`);
    const rotated = readFileSync(join(p.out, secret), "utf8");
    assertSamePlaintext((await labcPlaintext(rotated, p.identities)).documents, before.documents, "labc reads sops' rotated key-group file");
    const rebuilt = await buildProject(p);
    assert.deepEqual(rebuilt.written!.changed, [], "the rebuild is quiet");
    assert.equal(readFileSync(join(p.out, secret), "utf8"), rotated, "sops' rotated bytes stay");
  } finally {
    removeDir(p.dir);
  }
});
