import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { compileWorkspace } from "../../../compiler/pipeline/compile.js";
import { LabWorkspace } from "../../../compiler/lsp/workspace/workspace.js";
import { repoPath } from "../../support/paths.js";

/**
 * The editor and the CLI never disagree: for every error case, example and multi-file fixture,
 * the server's program loader plus checker report exactly what `labc check` reports (code,
 * position, message, related locations), with paths made comparable.
 */
const entries = [
  ...readdirSync(repoPath("test", "errors", "cases")).filter((f) => f.endsWith(".lab") && !f.startsWith("_")).map((f) => repoPath("test", "errors", "cases", f)),
  repoPath("examples", "homelab", "cluster.lab"),
  repoPath("examples", "ha", "cluster.lab"),
  repoPath("test", "fixtures", "multi-file", "input.lab"),
];

function key(d: { code: string; message: string; span: { file: string; start: { line: number; column: number } }; related?: readonly { message: string; span: { file: string } }[] }, file: (p: string) => string) {
  return `${file(d.span.file)}:${d.span.start.line}:${d.span.start.column} ${d.code} ${d.message} ${(d.related ?? []).map((r) => `${file(r.span.file)} ${r.message}`).join(";")}`;
}

test("the server's analysis reports what labc check reports", () => {
  for (const entry of entries) {
    const dir = join(entry, "..");
    const want = compileWorkspace(entry, { cwd: dir }).diagnostics.map((d) => key(d, (p) => p)).sort();
    const workspace = new LabWorkspace();
    const analysis = workspace.analyzeRoot(entry);
    const got = analysis.diagnostics.map((d) => key(d, (p) => p.slice(dir.length + 1))).sort();
    assert.deepEqual(got, want, entry);
  }
});

test("an edit re-parses only the edited file", () => {
  const workspace = new LabWorkspace();
  const entry = repoPath("test", "fixtures", "multi-file", "input.lab");
  workspace.analyzeRoot(entry);
  const before = workspace.cache.parses;
  const nodes = repoPath("test", "fixtures", "multi-file", "nodes.lab");
  workspace.setDocument(nodes, "file://x", `${workspace.read(nodes)}\n// edited\n`);
  workspace.analysisFor(nodes);
  assert.equal(workspace.cache.parses - before, 1);
});
