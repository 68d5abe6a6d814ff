import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isTooBroadToScan, projectRootOf } from "../../../../compiler/lsp/workspace/project-root.js";
import { removeDir, tempDir } from "../../../support/tree.js";

test("the project root is the nearest folder with cluster.lab or lab.config.ts, never $HOME itself", () => {
  const home = tempDir("project-root");
  try {
    const a = join(home, "code", "a");
    mkdirSync(join(a, "apps", "deep"), { recursive: true });
    writeFileSync(join(a, "cluster.lab"), "");
    const b = join(home, "code", "b");
    mkdirSync(join(b, "sub"), { recursive: true });
    writeFileSync(join(b, "lab.config.ts"), "export default {};\n");
    mkdirSync(join(home, "notes"));
    writeFileSync(join(home, "cluster.lab"), ""); // a stray file in $HOME makes no project of it
    assert.equal(projectRootOf(join(a, "apps", "deep"), home), a);
    assert.equal(projectRootOf(a, home), a);
    assert.equal(projectRootOf(join(b, "sub"), home), b);
    assert.equal(projectRootOf(join(home, "notes"), home), undefined);
    assert.equal(projectRootOf(home, home), undefined);
  } finally {
    removeDir(home);
  }
});

test("$HOME, / and the folders above $HOME are too broad to scan; a folder inside $HOME is not", () => {
  assert.equal(isTooBroadToScan("/home/me", "/home/me"), true);
  assert.equal(isTooBroadToScan("/home/me/", "/home/me"), true);
  assert.equal(isTooBroadToScan("/home", "/home/me"), true);
  assert.equal(isTooBroadToScan("/", "/home/me"), true);
  assert.equal(isTooBroadToScan("/home/me/code", "/home/me"), false);
  assert.equal(isTooBroadToScan("/usr", "/home/me"), false);
  assert.equal(isTooBroadToScan("/home/meta", "/home/me"), false);
});
