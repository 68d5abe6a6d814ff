import { MAX_MESSAGE_LENGTH } from "../../../lang/diagnostics/reporter.js";
import { test } from "node:test";
import assert from "node:assert/strict";
import { compileWorkspace } from "../../../compiler/pipeline/compile.js";
import { capDiagnostics, MAX_DIAGNOSTICS_PER_FILE } from "../../../compiler/pipeline/cap-diagnostics.js";
import { renderDiagnostic } from "../../../lang/diagnostics/render.js";
import type { Diagnostic } from "../../../lang/diagnostics/diagnostic.js";

function compileText(text: string) {
  return compileWorkspace("/labc-none/cluster.lab", {
    cwd: "/labc-none",
    read: (path) => {
      if (path === "/labc-none/cluster.lab") return text;
      throw Object.assign(new Error("no such file"), { code: "ENOENT" });
    },
  });
}

test("at most 100 diagnostics per file, then one LAB0009 that counts the rest", () => {
  // Ten thousand mistakes the checker (not the parser) finds: unknown declarations.
  const text = Array.from({ length: 10_000 }, (_, i) => `frob x${i} {}`).join("\n");
  const t0 = performance.now();
  const { diagnostics } = compileText(text);
  assert.ok(performance.now() - t0 < 2000);
  assert.equal(diagnostics.length, MAX_DIAGNOSTICS_PER_FILE + 1);
  const last = diagnostics[diagnostics.length - 1]!;
  assert.equal(last.code, "LAB0009");
  assert.equal(last.severity, "error");
  assert.match(last.message, /^and 9901 more diagnostics in this file \(9901 errors\), not shown/);
  // Line 1 also has LAB1006 (no cluster), so the first one not shown is on line 100.
  assert.equal(last.span.start.line, 100, "at the first one not shown");
});

test("the cap keeps the first ones by position and leaves short lists alone", () => {
  const at = (file: string, offset: number, severity: Diagnostic["severity"] = "warning"): Diagnostic => ({
    code: "LAB2009",
    severity,
    message: `warning at ${offset}`,
    span: { file, start: { line: 1, column: offset + 1, offset }, end: { line: 1, column: offset + 2, offset: offset + 1 } },
  });
  const few = [at("a.lab", 2), at("a.lab", 1)];
  assert.deepEqual(capDiagnostics(few, 2), few);
  const capped = capDiagnostics([at("a.lab", 3), at("a.lab", 1), at("a.lab", 2), at("b.lab", 9)], 2);
  assert.deepEqual(capped.map((d) => `${d.span.file}:${d.span.start.offset}:${d.code}:${d.severity}`), ["a.lab:1:LAB2009:warning", "a.lab:2:LAB2009:warning", "b.lab:9:LAB2009:warning", "a.lab:3:LAB0009:warning"]);
});

test("rendered lines stay short for a 100,000-character line and name", () => {
  const name = "A".repeat(100_000);
  const compiled = compileText(`network ${name} { cidr = 10.0.0.0/8 }\n`);
  const d = compiled.diagnostics.find((x) => x.code === "LAB1007")!;
  assert.ok(d, compiled.diagnostics.map((x) => x.code).join());
  assert.ok(d.message.length <= MAX_MESSAGE_LENGTH, `message of ${d.message.length}`);
  const lines = renderDiagnostic(d, { color: false, sources: compiled.sources }).split("\n");
  for (const line of lines) assert.ok(line.length <= MAX_MESSAGE_LENGTH + 200, `a line of ${line.length}`);
  // The caret still sits under the span's start.
  const frame = lines[2]!;
  const caret = lines[3]!;
  assert.equal(frame[caret.indexOf("^")], "A");
});
