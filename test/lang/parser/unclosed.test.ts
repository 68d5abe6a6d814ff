import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { parse } from "../../../lang/parser/parse.js";
import { repoPath } from "../../support/paths.js";
import { applyFix } from "../../support/apply-fix.js";

const homelab = readFileSync(repoPath("examples/homelab/cluster.lab"), "utf8");

/** The one diagnostic of `text`, whose fix must leave a file that parses cleanly. */
function onlyDiagnosticMends(text: string) {
  const { diagnostics } = parse(text, "c.lab");
  assert.equal(diagnostics.length, 1, diagnostics.map((d) => `${d.span.start.line}:${d.span.start.column} ${d.message}`).join("\n"));
  const d = diagnostics[0]!;
  assert.ok(d.fix, "a fix");
  const mended = applyFix(text, d.fix);
  assert.deepEqual(parse(mended, "c.lab").diagnostics.map((x) => x.message), []);
  return { d, mended };
}

test("a `}` missing before the next declaration is one error, at the `{` it would close", () => {
  const text = homelab.replace("app coredns {}", "app coredns {");
  assert.notEqual(text, homelab, "the example declares app coredns {}");
  const line = text.slice(0, text.indexOf("app coredns {")).split("\n").length;
  const { d, mended } = onlyDiagnosticMends(text);
  assert.equal(d.code, "LAB0002");
  assert.deepEqual([d.span.start.line, d.span.start.column], [line, "app coredns {".length]);
  assert.equal(d.message, `'{' of app 'coredns' is never closed; add '}' before line ${line + 1}`);
  assert.equal(mended, homelab.replace("app coredns {}", "app coredns {\n}"));
});

test("every declaration keyword, and import, ends a block that lost its `}`", () => {
  for (const next of ["cluster c {}", "network n {}", "node n {}", "app a {}", "app a in default {}", "app a from std.coredns {}", 'secret s = env("S")', 'import "x.lab"']) {
    const { d } = onlyDiagnosticMends(`app x {\n  version = v1.2.3\n\n${next}\n`);
    assert.equal(d.span.start.line, 1, next);
    assert.match(d.message, /add '}' before line 4$/, next);
  }
});

test("fields named like declaration kinds still nest", () => {
  const { diagnostics } = parse("app x { values { app { cluster = 1 } node { app = 2 } } }\n", "c.lab");
  assert.deepEqual(diagnostics, []);
});

test("a `}` missing at the end of the file is one error, at its `{`", () => {
  const { d } = onlyDiagnosticMends("app a {}\napp b {\n  version = v1.2.3 // pinned\n");
  assert.deepEqual([d.span.start.line, d.span.start.column], [2, 7]);
  assert.equal(d.message, "'{' of app 'b' is never closed; add '}' at the end of the file");
  assert.equal(applyFix("app a {}\napp b {\n  version = v1.2.3 // pinned\n", d.fix!), "app a {}\napp b {\n  version = v1.2.3 // pinned\n}\n");
});

test("braces left open inside a block are named once, with one fix closing them all", () => {
  const text = "app a {\n  values {\n    x {\n      y = 1\n\napp b {}\n";
  const { d, mended } = onlyDiagnosticMends(text);
  assert.equal(d.span.start.line, 1);
  assert.equal(d.message, "'{' of app 'a' is never closed, nor 2 blocks inside it; add 3 '}' before line 6");
  assert.deepEqual(d.related?.map((r) => r.span.start.line), [3, 2]);
  assert.equal(mended, "app a {\n  values {\n    x {\n      y = 1\n    }\n  }\n}\n\napp b {}\n");
});

test("an extra `}` between declarations is one error with a fix that removes it", () => {
  const { d, mended } = onlyDiagnosticMends("app a {}\n}\napp b {}\n");
  assert.deepEqual([d.span.start.line, d.span.start.column], [2, 1]);
  assert.equal(d.message, "unmatched '}': nothing is open here for it to close");
  assert.equal(mended, "app a {}\n\napp b {}\n");
});

test("no fix when a `[` is left open with the braces: adding `}` alone would not mend the file", () => {
  const { diagnostics } = parse("app a { values { x = [ { b = 2\napp b {}\n", "c.lab");
  const unclosed = diagnostics.filter((d) => d.message.includes("never closed"));
  assert.equal(unclosed.length, 1);
  assert.equal(unclosed[0]!.fix, undefined);
  assert.ok(diagnostics.length <= 3, diagnostics.map((d) => d.message).join("\n"));
});

test("a string missing its quote is named as what may hold the `}`, and no brace is offered", () => {
  const { diagnostics } = parse('app a {\n  values { image = "x }\n}\n', "c.lab");
  const unclosed = diagnostics.find((d) => d.message.includes("never closed"));
  assert.equal(unclosed?.message, "'{' of app 'a' is never closed: the string on line 2 has no closing quote and may hold its '}'");
  assert.equal(unclosed?.fix, undefined);
});

test("any one `}` taken out of the example is one error, whose fix gives a file that parses", () => {
  const lines = homelab.split("\n");
  let cases = 0;
  lines.forEach((line, i) => {
    const k = line.lastIndexOf("}");
    if (k < 0) return;
    cases++;
    const broken = [...lines.slice(0, i), line.slice(0, k) + line.slice(k + 1), ...lines.slice(i + 1)].join("\n");
    const { diagnostics } = parse(broken, "c.lab");
    assert.equal(diagnostics.length, 1, `line ${i + 1}: ${diagnostics.map((d) => d.message).join(" | ")}`);
    assert.ok(diagnostics[0]!.fix, `line ${i + 1}: a fix`);
    assert.deepEqual(parse(applyFix(broken, diagnostics[0]!.fix), "c.lab").diagnostics, [], `line ${i + 1}`);
  });
  assert.ok(cases > 20, `only ${cases} braces`);
});

test("past the error budget the blocks left open are not reported as missing their `}`: they were not read", () => {
  const { diagnostics } = parse(`app a {\n${"  x = .\n".repeat(400)}`, "c.lab");
  assert.match(diagnostics[diagnostics.length - 1]!.message, /labc stopped reading this file here/);
  assert.equal(diagnostics.filter((d) => d.message.includes("never closed")).length, 0);
});
