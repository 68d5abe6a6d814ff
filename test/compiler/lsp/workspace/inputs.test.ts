import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { LabWorkspace } from "../../../../compiler/lsp/workspace/workspace.js";
import { repoPath } from "../../../support/paths.js";
import { removeDir, tempDir } from "../../../support/tree.js";

/** A hostile repository opened in the editor: nothing hangs, nothing huge is read, nothing outside is imported, no config runs. */
const base = readFileSync(repoPath("test", "errors", "cases", "_base.lab"), "utf8");

test("the language server refuses FIFOs, devices and paths out of the project, and runs no lab.config.ts", () => {
  const dir = tempDir("lsp-inputs");
  try {
    const project = join(dir, "project");
    mkdirSync(project);
    writeFileSync(join(dir, "elsewhere.lab"), base);
    execFileSync("mkfifo", [join(project, "pipe.lab")]);
    symlinkSync("/dev/zero", join(project, "zero.yaml"));
    writeFileSync(join(project, "lab.config.ts"), 'import { writeFileSync } from "node:fs";\nwriteFileSync("ran", "x");\nexport default {};\n');
    const lab = `import "pipe.lab"\nimport "../elsewhere.lab"\n${base.replace('schematic = "376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba"', '$&\n  patches = [file("zero.yaml")]')}`;
    writeFileSync(join(project, "cluster.lab"), lab);
    const workspace = new LabWorkspace();
    workspace.addFolder(project);
    const analysis = workspace.analysisFor(join(project, "cluster.lab"));
    const errors = analysis.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.span.start.line}`);
    assert.deepEqual(errors.sort(), ["LAB1010 1", "LAB1011 2", "LAB1011 24"].sort());
    assert.equal(existsSync(join(project, "ran")), false);
    assert.equal(existsSync(join(dir, "ran")), false);
  } finally {
    removeDir(dir);
  }
});
