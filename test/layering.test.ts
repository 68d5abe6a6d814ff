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
