import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "../../../lang/parser/parse.js";
import type * as ast from "../../../lang/syntax/ast.js";

function firstValue(text: string): ast.Value {
  const result = parse(`app x { v = ${text} }`, "t.lab");
  assert.deepEqual(result.diagnostics.map((d) => d.message), []);
  return result.ast.declarations[0]!.body!.entries[0]!.value;
}

test("typed literals lex to their kinds", () => {
  const cases: [string, string][] = [
    ["v1.10.7", "Version"],
    ["1.18.1", "Version"],
    ["v1.2.3-rc.1", "Version"],
    ["192.168.31.240", "IPv4"],
    ["10.42.0.0/16", "Cidr"],
    ["fd00::1", "IPv6"],
    ["fd00::/64", "IPv6"],
    ["00:11:22:33:44:55", "Mac"],
    ["AA:bb:CC:dd:EE:ff", "Mac"],
    ["5m", "Duration"],
    ["1h30m", "Duration"],
    ["512Mi", "Quantity"],
    ["42", "Number"],
    ["-1", "Number"],
    ["0.5", "Number"],
    ['"text"', "String"],
    ["true", "Boolean"],
    ["controlplane", "Reference"],
    ["std.app-template", "Reference"],
    ['env("X")', "Call"],
    ["[1, 2]", "List"],
    ["{ a = 1 }", "Block"],
  ];
  for (const [text, kind] of cases) assert.equal(firstValue(text).kind, kind, text);
});

test("spans are exact, 1-based, end-exclusive", () => {
  const { ast: file } = parse('cluster home {\n  talos = v1.10.7\n}\n', "c.lab");
  const entry = file.declarations[0]!.body!.entries[0]!;
  assert.deepEqual([entry.key.span.start.line, entry.key.span.start.column, entry.key.span.end.column], [2, 3, 8]);
  assert.deepEqual([entry.value.span.start.column, entry.value.span.end.column], [11, 18]);
  assert.equal(file.declarations[0]!.name!.name, "home");
});

test("strings: escapes, triple-quoted dedent, quoted keys", () => {
  const v = firstValue('"a\\"b\\n\\u0041"');
  assert.equal(v.kind === "String" && v.value, 'a"b\nA');
  const t = firstValue('"""\n    line one\n      indented\n    """');
  assert.equal(t.kind === "String" && t.value, "line one\n  indented\n");
  const { ast: file } = parse('app x { values { "app.kubernetes.io/name" = "x" } }', "k.lab");
  const values = file.declarations[0]!.body!.entries[0]!.value as ast.Block;
  assert.equal(values.entries[0]!.key.name, "app.kubernetes.io/name");
  assert.equal(values.entries[0]!.key.quoted, true);
});

test("comments of all three kinds are kept for the formatter", () => {
  const { ast: file, diagnostics } = parse("// a\n# b\n/* c */ cluster x {}\n", "c.lab");
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(file.comments.map((c) => c.text), ["// a", "# b", "/* c */"]);
});

test("contextual keywords stay usable as field names", () => {
  const { ast: file, diagnostics } = parse("app a in default from std.app-template { values { in = 1 from = 2 import = 3 } }", "k.lab");
  assert.deepEqual(diagnostics, []);
  const decl = file.declarations[0]!;
  assert.equal(decl.namespace?.name, "default");
  assert.deepEqual(decl.from?.path.map((p) => p.name), ["std", "app-template"]);
});

test("recovery: several syntax errors in one run, and the tree survives", () => {
  const text = "cluster a {\n  talos: v1.10.7\n}\nnode b {\n  address =\n  mac = 00:11:22:33:44:55\n}\nnetwork c { cidr = [1, 2,, ] }\n";
  const { ast: file, diagnostics } = parse(text, "r.lab");
  assert.ok(diagnostics.length >= 3, diagnostics.map((d) => d.message).join("\n"));
  assert.deepEqual(file.declarations.map((d) => d.name?.name), ["a", "b", "c"]);
  const node = file.declarations[1]!.body!.entries;
  assert.deepEqual(node.map((e) => e.key.name), ["address", "mac"], "the field after an empty one is kept");
  assert.equal(node[0]!.value.kind, "Missing");
});

test("a bad literal is one diagnostic, not a cascade", () => {
  const { diagnostics } = parse("network n { cidr = 10.0.0.0/24x }", "b.lab");
  assert.deepEqual(diagnostics.map((d) => d.code), ["LAB2003"]);
});
