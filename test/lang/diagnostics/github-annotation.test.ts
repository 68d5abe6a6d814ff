import { test } from "node:test";
import assert from "node:assert/strict";
import { escapeData, escapeProperty, githubAnnotation } from "../../../lang/diagnostics/github-annotation.js";
import type { Diagnostic } from "../../../lang/diagnostics/diagnostic.js";

const at = (line: number, column: number) => ({ line, column, offset: 0 });

test("a diagnostic becomes one ::error workflow command with its span and code", () => {
  const d: Diagnostic = { code: "LAB2004", severity: "error", message: "10.42.1.0/16 has host bits set", span: { file: "cluster.lab", start: at(5, 16), end: at(5, 28) }, fix: { message: "replace with 10.42.0.0/16", edits: [] } };
  assert.equal(githubAnnotation(d), "::error file=cluster.lab,line=5,col=16,endLine=5,endColumn=28,title=LAB2004::10.42.1.0/16 has host bits set%0Afix: replace with 10.42.0.0/16");
  assert.match(githubAnnotation({ ...d, severity: "warning" }), /^::warning /);
  assert.match(githubAnnotation({ ...d, severity: "info" }), /^::notice /);
});

test("escaping follows the runner's rules: % CR LF in the message, and : , too in properties", () => {
  assert.equal(escapeData("100% a\r\nb: c, d"), "100%25 a%0D%0Ab: c, d");
  assert.equal(escapeProperty("dir:x,y%\n"), "dir%3Ax%2Cy%25%0A");
  // % first, so an escape already in the text is not read back as the character it names.
  assert.equal(escapeData("%0A"), "%250A");
  const d: Diagnostic = { code: "LAB1001", severity: "error", message: "a::b\nc", span: { file: "odd,dir/a:b.lab", start: at(1, 1), end: at(1, 2) } };
  const line = githubAnnotation(d);
  assert.equal(line.split("\n").length, 1, "one line whatever the message holds");
  assert.equal(line, "::error file=odd%2Cdir/a%3Ab.lab,line=1,col=1,endLine=1,endColumn=2,title=LAB1001::a::b%0Ac");
});
