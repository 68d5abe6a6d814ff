import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { compileWorkspace } from "../../../compiler/pipeline/compile.js";
import { LabWorkspace } from "../../../compiler/lsp/workspace/workspace.js";
import { repoPath } from "../../support/paths.js";
import { APPS, CLUSTER } from "./support/workspace.js";
import { seededRandom } from "../../support/seeded-random.js";

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

/** A diagnostic as JSON with every path made relative to `dir`: code, severity, message, span, related, fixes. */
function comparable(d: object, dir: string): string {
  return JSON.stringify(d, (_key, value: unknown) => (typeof value === "string" && value.startsWith(`${dir}/`) ? value.slice(dir.length + 1) : value));
}


test("after a sequence of random edits the server's diagnostics are a fresh labc check's of the same text", () => {
  const edited = mkdtempSync(join(tmpdir(), "labc-parity-edited-"));
  const fresh = mkdtempSync(join(tmpdir(), "labc-parity-fresh-"));
  try {
    // The editing tests' workspace with more apps: edits land in bodies, headers, between declarations.
    const more = Array.from({ length: 15 }, (_, i) => `app svc-${i} in apps {\n  chart = std.app-template\n  values { service { app { ports { http { port = ${8000 + i} } } } } }\n  depends = [${i ? `svc-${i - 1}` : "cert-manager"}]\n}\n`);
    const initial = { "cluster.lab": CLUSTER, "apps.lab": `${APPS}\n${more.join("\n")}` };
    for (const [name, text] of Object.entries(initial)) {
      writeFileSync(join(edited, name), text);
      writeFileSync(join(fresh, name), text);
    }
    const labFiles = Object.keys(initial);
    const workspace = new LabWorkspace();
    workspace.addFolder(edited);
    let clean = new Map(Object.entries(initial));
    let broken: typeof clean | undefined;
    // Keystrokes that keep a file valid, break it (a brace, a quote, a stray word) or make a
    // checker finding (an unknown name, a bad address), and deletions.
    const pieces = ["1", "x", "-", " ", "\n", "{", "}", '"', "=", "// c", "lan", "10.0.0.300", "app extra {}\n", ""];
    const random = seededRandom(42);
    for (let i = 0; i < 150; i++) {
      const texts = new Map(broken ?? clean);
      const name = labFiles[Math.floor(random() * labFiles.length)]!;
      const text = texts.get(name)!;
      const at = Math.floor(random() * text.length);
      const removed = random() < 0.6 ? 0 : Math.floor(random() * 5);
      texts.set(name, text.slice(0, at) + pieces[Math.floor(random() * pieces.length)] + text.slice(at + removed));
      for (const [file, now] of texts) {
        workspace.setDocument(join(edited, file), `file://${join(edited, file)}`, now, i + 2);
        writeFileSync(join(fresh, file), now);
      }
      // The program the server checks the file in; a broken import can make the file its own.
      const root = basename(workspace.rootOf(join(edited, name)));
      const got = workspace.analysisFor(join(edited, name)).diagnostics.map((d) => comparable(d, edited)).sort();
      const want = compileWorkspace(join(fresh, root), { cwd: fresh }).diagnostics.map((d) => comparable(d, fresh)).sort();
      assert.deepEqual(got, want, `edit ${i} of ${name}`);
      // A breaking edit is sometimes typed on once, then undone, as while typing.
      if (want.length === 0) [clean, broken] = [texts, undefined];
      else broken = !broken && random() < 0.4 ? texts : undefined;
    }
    assert.ok(workspace.cache.partialParses > 20, `only ${workspace.cache.partialParses} edits re-parsed one declaration`);
    const reused = workspace.memoOf(join(edited, "cluster.lab"))?.reused ?? 0;
    assert.ok(reused > 500, `only ${reused} app lowerings were reused`);
  } finally {
    rmSync(edited, { recursive: true, force: true });
    rmSync(fresh, { recursive: true, force: true });
  }
});
