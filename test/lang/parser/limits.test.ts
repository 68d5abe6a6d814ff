import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { parse } from "../../../lang/parser/parse.js";
import { format } from "../../../lang/format/format.js";
import { MAX_NESTING } from "../../../lang/parser/nesting.js";
import { repoPath } from "../../support/paths.js";

const base = readFileSync(repoPath("test", "errors", "cases", "_base.lab"), "utf8");
const codes = (text: string) => parse(text, "t.lab").diagnostics.map((d) => `${d.code}@${d.span.start.line}:${d.span.start.column}`);

test("nesting deeper than the limit is one LAB0008 at the opening bracket, not a stack overflow", () => {
  const lists = `cluster c { x = ${"[".repeat(480)}${"]".repeat(480)} }`;
  // The cluster brace is level 1, so the 64th '[' opens level 65.
  assert.deepEqual(codes(lists), [`LAB0008@1:${"cluster c { x = ".length + MAX_NESTING}`]);
  const blocks = `cluster c ${"{ a ".repeat(3000)}${"}".repeat(3000)}`;
  assert.deepEqual(codes(blocks), [`LAB0008@1:${"cluster c ".length + 4 * MAX_NESTING + 1}`]);
  const calls = `secret s = ${"f(".repeat(2000)}${")".repeat(2000)}`;
  assert.deepEqual(codes(calls), [`LAB0008@1:${"secret s = ".length + 2 * MAX_NESTING + 2}`]);
  // Unclosed: the parser reports the missing closers, but neither it nor the formatter throws.
  const open = `cluster c { x = ${"[".repeat(5000)}`;
  assert.ok(codes(open).includes(`LAB0008@1:${"cluster c { x = ".length + MAX_NESTING}`));
  assert.equal(format(open).ok, false);
  assert.equal(format(lists).ok, false);
});

test("nesting up to the limit parses and formats", () => {
  const text = `cluster c {\n  x = ${"[".repeat(MAX_NESTING - 1)}${"]".repeat(MAX_NESTING - 1)}\n}\n`;
  assert.deepEqual(codes(text), []);
  assert.equal(format(text).ok, true);
});

test("a UTF-8 byte order mark is accepted and spans stay those of the text", () => {
  const text = `\ufeff${base}`;
  assert.deepEqual(codes(text), []);
  const parsed = parse(text, "t.lab");
  const cluster = parsed.ast.declarations[0]!;
  assert.equal(cluster.keyword.span.start.offset, base.indexOf("cluster home") + 1);
  assert.equal(text.slice(cluster.keyword.span.start.offset, cluster.keyword.span.end.offset), "cluster");
});

test("`talos = v1.2.3.4.5` is one LAB2003 and the next line still parses", () => {
  const text = base.replace("talos      = v1.10.7", "talos      = v1.2.3.4.5");
  const d = parse(text, "t.lab").diagnostics;
  assert.deepEqual(d.map((x) => x.code), ["LAB2003"]);
  assert.match(d[0]!.message, /'v1\.2\.3\.4\.5' is not a version; write vMAJOR\.MINOR\.PATCH/);
  const cluster = parse(text, "t.lab").ast.declarations[0]!;
  assert.ok(cluster.body!.entries.some((e) => e.key.name === "kubernetes"), "the next line is its own field");
});

test("an unterminated /* comment or \"\"\" string is one diagnostic, and rescanning stays linear", () => {
  assert.deepEqual(codes("network a {}\n/* open"), ["LAB0002@2:1"]);
  assert.deepEqual(codes('secret s = """\nopen'), ["LAB0003@1:12"]);
  for (const text of ["/* ".repeat(40_000), '"""\n'.repeat(30_000)]) {
    const t0 = performance.now();
    parse(text, "t.lab");
    assert.ok(performance.now() - t0 < 1000, `${text.slice(0, 6)}…: ${Math.round(performance.now() - t0)} ms`);
  }
});

test("runs of junk tokens neither overflow the stack nor take quadratic time", () => {
  for (const text of ["li" + ".x".repeat(50_000), "node n { " + ".x".repeat(50_000), "cluster c " + "a.".repeat(50_000), "a-".repeat(50_000)]) {
    const t0 = performance.now();
    const d = parse(text, "t.lab").diagnostics;
    const ms = performance.now() - t0;
    assert.ok(ms < 1000, `${text.slice(0, 12)}…: ${Math.round(ms)} ms`);
    assert.ok(d.length > 0 && d.length <= 310, `${d.length} diagnostics`);
  }
});
