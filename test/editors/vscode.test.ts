import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoPath } from "../support/paths.js";

/**
 * The VS Code extension: its TextMate grammar against the assertion files in
 * editors/vscode/test (vscode-tmgrammar-test), and packaging with vsce, which works offline
 * (`--no-dependencies`: the client is bundled by esbuild, nothing is fetched).
 */
const ext = repoPath("editors", "vscode");
const bin = (name: string) => repoPath("node_modules", ".bin", name);

test("the TextMate grammar scopes the test files as their assertions say", () => {
  const r = spawnSync(bin("vscode-tmgrammar-test"), ["-g", "syntaxes/lab.tmLanguage.json", "test/*.test.lab"], { cwd: ext, encoding: "utf8" });
  assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
  assert.match(r.stdout, /declarations\.test\.lab run successfuly/);
  assert.match(r.stdout, /apps\.test\.lab run successfuly/);
  assert.match(r.stdout, /literals\.test\.lab run successfuly/);
});

test("every scope the TextMate grammar can give is asserted by a test file", () => {
  const scopes = new Set<string>();
  const collect = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(collect);
    else if (node && typeof node === "object") {
      for (const [key, value] of Object.entries(node)) {
        if (key === "name" && typeof value === "string") scopes.add(value);
        else collect(value);
      }
    }
  };
  collect((JSON.parse(readFileSync(join(ext, "syntaxes", "lab.tmLanguage.json"), "utf8")) as { repository: unknown }).repository);
  const asserted = new Set<string>();
  for (const file of readdirSync(join(ext, "test")).filter((f) => f.endsWith(".test.lab"))) {
    for (const line of readFileSync(join(ext, "test", file), "utf8").split("\n")) {
      const m = /^\s*\/\/\s*(?:\^+|<-+)\s+(.+)$/.exec(line);
      if (m) for (const scope of m[1]!.trim().split(/\s+/)) asserted.add(scope);
    }
  }
  assert.ok(scopes.size > 40, `${scopes.size} scopes found`);
  assert.deepEqual([...scopes].filter((s) => !asserted.has(s)).sort(), []);
});

test("the manifest, grammar and language configuration agree", () => {
  // The grammar file and the language configuration are valid JSON with the expected scope.
  const grammar = JSON.parse(readFileSync(join(ext, "syntaxes", "lab.tmLanguage.json"), "utf8")) as { scopeName: string };
  assert.equal(grammar.scopeName, "source.lab");
  const manifest = JSON.parse(readFileSync(join(ext, "package.json"), "utf8")) as { contributes: { languages: { extensions: string[] }[] } };
  assert.deepEqual(manifest.contributes.languages[0]!.extensions, [".lab"]);
  JSON.parse(readFileSync(join(ext, "language-configuration.json"), "utf8"));
});

test("vsce packages the extension offline", () => {
  const out = mkdtempSync(join(tmpdir(), "labc-vsix-"));
  try {
    const vsix = join(out, "labc.vsix");
    const r = spawnSync(bin("vsce"), ["package", "--no-dependencies", "--out", vsix], { cwd: ext, encoding: "utf8", timeout: 120_000 });
    assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
    const list = spawnSync("unzip", ["-l", vsix], { encoding: "utf8" });
    if (list.status === 0) {
      for (const f of ["extension/dist/extension.js", "extension/syntaxes/lab.tmLanguage.json", "extension/language-configuration.json", "extension/package.json"]) assert.match(list.stdout, new RegExp(f.replace(/\./g, "\\.")));
      assert.doesNotMatch(list.stdout, /extension\/src\/|node_modules/);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
