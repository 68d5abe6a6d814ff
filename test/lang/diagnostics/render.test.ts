import { test } from "node:test";
import assert from "node:assert/strict";
import { diagnosticToJson, renderDiagnostic } from "../../../lang/diagnostics/render.js";
import type { Diagnostic } from "../../../lang/diagnostics/diagnostic.js";

const span = (line: number, column: number) => ({ file: "cluster.lab", start: { line, column, offset: 0 }, end: { line, column: column + 4, offset: 4 } });
const d: Diagnostic = {
  code: "LAB2024",
  severity: "error",
  message: "node 'w' seals its disk key to the TPM",
  span: span(3, 3),
  fix: { message: "add secureboot = true", edits: [{ span: span(3, 7), newText: "\n  secureboot = true" }] },
  alternatives: [{ message: "use disk-key = node-id", edits: [{ span: span(3, 7), newText: "\n  disk-key = node-id" }] }],
};

test("a diagnostic with alternatives prints the preferred fix, then each other way out", () => {
  const text = renderDiagnostic(d, { sources: new Map(), color: false });
  assert.match(text, /fix: add secureboot = true\n {2}or: use disk-key = node-id$/);
});

test("--format json carries the alternatives beside the fix", () => {
  const json = diagnosticToJson(d) as { fix: { message: string }; alternatives: { message: string; edits: { newText: string }[] }[] };
  assert.equal(json.fix.message, "add secureboot = true");
  assert.deepEqual(json.alternatives.map((a) => [a.message, a.edits[0]!.newText]), [["use disk-key = node-id", "\n  disk-key = node-id"]]);
});
