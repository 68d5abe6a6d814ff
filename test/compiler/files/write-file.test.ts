import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomically } from "../../../compiler/files/write-file.js";
import { WriteError } from "../../../compiler/files/write-error.js";
import { removeDir, tempDir } from "../../support/tree.js";

/** The single-file writer used beside cluster.lab: a failure is a WriteError naming the path, and leaves no temporary file. */
test("a folder or FIFO at the path, or a missing parent, is a WriteError naming the path; nothing is left behind", () => {
  const dir = tempDir("write-file");
  try {
    const folder = join(dir, "talsecret.sops.yaml");
    mkdirSync(folder);
    assert.throws(() => writeFileAtomically(folder, "x"), (e: unknown) => e instanceof WriteError && e.path === folder && /it is a folder/.test(e.message));
    const fifo = join(dir, "secrets.sops.yaml");
    assert.equal(spawnSync("mkfifo", [fifo]).status, 0, "mkfifo is needed for this test");
    assert.throws(() => writeFileAtomically(fifo, "x"), (e: unknown) => e instanceof WriteError && e.path === fifo && /FIFO/.test(e.message));
    const orphan = join(dir, "gone", "file.yaml");
    assert.throws(() => writeFileAtomically(orphan, "x"), (e: unknown) => e instanceof WriteError && e.path === orphan && e.message.startsWith(`cannot write ${orphan}: `));
    assert.deepEqual(readdirSync(dir).sort(), ["secrets.sops.yaml", "talsecret.sops.yaml"]);
    const ok = join(dir, "ok.yaml");
    writeFileAtomically(ok, "a: 1\n", 0o600);
    assert.equal(readFileSync(ok, "utf8"), "a: 1\n");
    assert.equal(statSync(ok).mode & 0o777, 0o600);
  } finally {
    removeDir(dir);
  }
});
