import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { repoPath } from "./support/paths.js";

/** Every `from "…"` / `import("…")` target of the .ts sources under dir, resolved to a repository path. */
function importsUnder(dir: string): { file: string; target: string }[] {
  const found: { file: string; target: string }[] = [];
  for (const entry of readdirSync(repoPath(dir), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".ts")) continue;
    const file = join(entry.parentPath, entry.name);
    for (const match of readFileSync(file, "utf8").matchAll(/(?:from\s+|import\()\s*["'](\.[^"']+)["']/g)) {
      found.push({ file: relative(repoPath(), file), target: relative(repoPath(), resolve(dirname(file), match[1]!)) });
    }
  }
  return found;
}

// Checks judge the model; what they need rendered (a node's Talos config) comes from a library
// below both them and the emitters, so changing an emitter can never change what is checked.
for (const dir of ["compiler/check", "compiler/talos", "compiler/yaml"]) {
  test(`nothing under ${dir} imports an emitter`, () => {
    const imports = importsUnder(dir);
    assert.ok(imports.length > 0, `no imports found under ${dir}`);
    const backward = imports.filter((i) => i.target.startsWith("compiler/emit/"));
    assert.deepEqual(backward, []);
  });
}

// Data flows one way: the syntax layer knows nothing of the compiler, and app definitions are data
// the compiler reads, not callers of its emitters.
const forbidden: readonly { dir: string; prefix: string }[] = [
  { dir: "lang", prefix: "compiler/" },
  { dir: "stdlib", prefix: "compiler/emit/" },
];
for (const { dir, prefix } of forbidden) {
  test(`nothing under ${dir} imports ${prefix}`, () => {
    const imports = importsUnder(dir);
    assert.ok(imports.length > 0, `no imports found under ${dir}`);
    assert.deepEqual(imports.filter((i) => i.target.startsWith(prefix)), []);
  });
}

// App definitions see the model's types and its tables of fixed names (well-known names, schema
// URLs): data, never code that computes the model.
test("stdlib imports from compiler/ only the model's types and fixed tables", () => {
  const allowed = ["compiler/model/model.js", "compiler/model/well-known.js", "compiler/model/schema-urls.js", "compiler/model/default-pins.js", "compiler/model/version-pins.js"];
  const imports = importsUnder("stdlib").filter((i) => i.target.startsWith("compiler/"));
  assert.ok(imports.length > 0, "no compiler imports found under stdlib");
  assert.deepEqual(imports.filter((i) => !allowed.includes(i.target)), []);
});

// The checker reads definitions through their interface (stdlib/types.ts) and the registry it is
// given, never one app's module: what a definition means must be on the definition.
test("nothing under compiler/check imports a stdlib app's module", () => {
  assert.deepEqual(importsUnder("compiler/check").filter((i) => i.target.startsWith("stdlib/apps/")), []);
});

// The checker is told where files were read from; it never reaches back into the phases that run it.
test("nothing under compiler/check imports a later phase", () => {
  const later = ["compiler/pipeline/", "compiler/build/", "compiler/cli/", "compiler/lsp/", "compiler/secrets-store/", "compiler/emit/"];
  assert.deepEqual(importsUnder("compiler/check").filter((i) => later.some((p) => i.target.startsWith(p))), []);
});

// One driver loads a workspace; every command and the language server go through it.
test("loadWorkspace is called from the pipeline driver only", () => {
  const callers: string[] = [];
  for (const dir of ["compiler", "lang", "stdlib"]) {
    for (const entry of readdirSync(repoPath(dir), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith(".ts")) continue;
      const file = relative(repoPath(), join(entry.parentPath, entry.name));
      if (/\bloadWorkspace\(/.test(readFileSync(repoPath(file), "utf8"))) callers.push(file);
    }
  }
  assert.deepEqual(callers.sort(), ["compiler/pipeline/compile.ts", "compiler/pipeline/load-workspace.ts"]);
});

// The secret commands and the build share the store and the file helpers below both; the build
// calls the secret checks, never the other way round.
test("nothing under compiler/secrets-store imports compiler/build", () => {
  assert.deepEqual(importsUnder("compiler/secrets-store").filter((i) => i.target.startsWith("compiler/build/")), []);
});

test("compiler/files (reading and writing project files) imports nothing else of the compiler", () => {
  const imports = importsUnder("compiler/files");
  assert.ok(imports.length > 0, "no imports found under compiler/files");
  assert.deepEqual(imports.filter((i) => i.target.startsWith("compiler/") && !i.target.startsWith("compiler/files/")), []);
});
