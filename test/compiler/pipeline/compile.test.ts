import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { compileText, compileWorkspace } from "../../../compiler/pipeline/compile.js";
import { repoPath } from "../../support/paths.js";

const base = readFileSync(repoPath("test", "errors", "cases", "_base.lab"), "utf8");
const withPatch = base.replace("  recipients = [", '  patches    = [file("patches/all.yaml")]\n  recipients = [');

/** A reader over files held in memory only, as the language server's editor buffers are. */
function memory(files: Record<string, string>): (path: string) => string {
  return (path) => {
    const text = files[path];
    if (text === undefined) throw Object.assign(new Error("no such file"), { code: "ENOENT" });
    return text;
  };
}

test("the check phase reads file(…) through the same reader as the load phase", () => {
  // Nothing here is on disk: without the reader, the patch would be "no such file".
  const dir = join(repoPath(), "no-such-dir-for-pipeline-test");
  const patch = "machine:\n  sysctls:\n    vm.max_map_count: \"262144\"\n";
  const read = memory({ [join(dir, "cluster.lab")]: withPatch, [join(dir, "patches", "all.yaml")]: patch });
  const compiled = compileWorkspace("cluster.lab", { cwd: dir, read });
  assert.deepEqual(compiled.diagnostics.filter((d) => d.severity === "error").map((d) => d.message), []);
  assert.deepEqual(compiled.model?.talosPatches?.all.map((p) => [p.path, p.content]), [["patches/all.yaml", patch]]);
  assert.equal(compiled.root, dir);
  assert.deepEqual([...compiled.sources.keys()], ["cluster.lab"]);
});

test("declarations are there when the model is not: the secret commands and report spans read them", () => {
  const broken = `${base}\nnode oops {\n  role = nonsense\n}\n`;
  const compiled = compileText(broken, "cluster.lab");
  assert.equal(compiled.model, undefined);
  assert.ok(compiled.diagnostics.some((d) => d.severity === "error"));
  const { cluster, secrets } = compiled.checked.declarations;
  assert.deepEqual(cluster?.recipients, ["age1m4acj4mjupv5wgxtruey44wpq34tqkk7hkkj77566vy0t80gqfmsdmpcvk"]);
  assert.equal(cluster?.recipientsSpan?.start.line, 8);
  assert.deepEqual(cluster?.keys, { keyGroups: [["age1m4acj4mjupv5wgxtruey44wpq34tqkk7hkkj77566vy0t80gqfmsdmpcvk"]], shamirThreshold: 1 });
  assert.deepEqual(secrets.map((s) => [s.name, s.source, s.span.start.line]), [["token", { kind: "env", variable: "LABC_TEST_TOKEN" }, 24]]);
});

test("compileText checks text as compileWorkspace checks the same file", () => {
  const fromText = compileText(base, "cluster.lab", { cwd: repoPath("test", "errors", "cases") });
  const fromDisk = compileWorkspace("_base.lab", { cwd: repoPath("test", "errors", "cases") });
  assert.ok(fromText.model && fromDisk.model);
  assert.deepEqual(JSON.parse(JSON.stringify(fromText.model).replaceAll("cluster.lab", "_base.lab")), JSON.parse(JSON.stringify(fromDisk.model)));
});
