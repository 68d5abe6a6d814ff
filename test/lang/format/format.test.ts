import { test } from "node:test";
import assert from "node:assert/strict";
import { format } from "../../../lang/format/format.js";

function fmt(text: string): string {
  const result = format(text, "t.lab");
  assert.ok(result.ok, result.ok ? "" : result.diagnostics.map((d) => d.message).join("\n"));
  const again = format(result.text, "t.lab");
  assert.ok(again.ok && again.text === result.text, `not idempotent:\n${result.text}\n---\n${again.ok ? again.text : ""}`);
  return result.text;
}

test("indentation becomes two spaces and spacing around = and , is normalised", () => {
  assert.equal(fmt("network lan {\n\tcidr=10.0.0.0/24\n        nameservers=[1.1.1.1 ,1.0.0.1]\n}\n"), "network lan {\n  cidr        = 10.0.0.0/24\n  nameservers = [1.1.1.1, 1.0.0.1]\n}\n");
});

test("= aligns in runs of one-line fields; a blank line or a multi-line field ends a run", () => {
  const out = fmt("app a {\n  x = 1\n  long-name = 2\n\n  y = 3\n  values {\n    k = 1\n  }\n  zz = 4\n}\n");
  assert.equal(out, "app a {\n  x         = 1\n  long-name = 2\n\n  y = 3\n  values {\n    k = 1\n  }\n  zz = 4\n}\n");
});

test("`key { … }` fields align among themselves, not with `=` fields", () => {
  const out = fmt("app a {\n  values {\n    image = 1\n    requests { cpu = 1 }\n    limits { memory = 2 }\n  }\n}\n");
  assert.match(out, /\n {4}image = 1\n {4}requests \{ cpu = 1 \}\n {4}limits {3}\{ memory = 2 \}\n/);
});

test("blocks and lists written on one line stay on one line; written across lines they expand", () => {
  assert.equal(fmt("app a { x = 1 y = { z = 2 } }"), "app a { x = 1  y = { z = 2 } }\n");
  assert.equal(fmt("app a { l = [1,\n 2] }"), "app a {\n  l = [\n    1,\n    2,\n  ]\n}\n");
  assert.equal(fmt("app a {\n}\napp b { }\n"), "app a {}\napp b {}\n");
});

test("every kind of comment survives where it was", () => {
  const source = [
    "# hash comment at the top",
    "",
    "",
    "cluster home { // after the brace",
    "  // own line",
    "  talos = v1.10.7 /* trailing block */",
    "  sans = [\"a\", // first",
    "    \"b\"]",
    "  /* before the close */",
    "}",
    "secret s = env(\"X\") # trailing hash",
    "/* last",
    "   words */",
  ].join("\n");
  const out = fmt(source);
  for (const c of ["# hash comment at the top", "// after the brace", "// own line", "/* trailing block */", "// first", "/* before the close */", "# trailing hash", "/* last\n   words */"]) {
    assert.ok(out.includes(c), `lost ${c}\n${out}`);
  }
  assert.match(out, /^# hash comment at the top\n\ncluster home \{ \/\/ after the brace\n {2}\/\/ own line\n/);
  assert.match(out, /\n {2}\/\* before the close \*\/\n\}\n/);
});

test("a comment in the middle of a field moves to the end of its line", () => {
  assert.equal(fmt("app a {\n  k = // why\n    5\n}\n"), "app a {\n  k = 5 // why\n}\n");
});

test("trailing comments on consecutive aligned lines line up", () => {
  assert.equal(fmt("network n {\n  cidr = 10.0.0.0/24 // a\n  mtu = 1500 // b\n}\n"), "network n {\n  cidr = 10.0.0.0/24 // a\n  mtu  = 1500        // b\n}\n");
});

test("runs of blank lines collapse to one; blank lines at block edges go", () => {
  assert.equal(fmt("\n\ncluster a {\n\n\n  talos = v1.10.7\n\n\n\n  kubernetes = v1.33.4\n\n}\n\n\n\nnetwork b {}\n\n"), "cluster a {\n  talos = v1.10.7\n\n  kubernetes = v1.33.4\n}\n\nnetwork b {}\n");
});

test("consecutive `secret x = …` declarations align their =", () => {
  assert.equal(fmt('secret a = store()\nsecret long-name = env("X")\n'), 'secret a         = store()\nsecret long-name = env("X")\n');
});

test("literals, quoted keys and triple-quoted strings are written exactly as authored", () => {
  const source = 'app a {\n  values {\n    "app.kubernetes.io/name" = "x\\n"\n    script = """\n      echo hi\n        indented\n    """\n    q = 512Mi\n  }\n}\n';
  assert.equal(fmt(source), source);
});

test("CRLF input becomes LF", () => {
  assert.equal(fmt("network n {\r\n  cidr = 10.0.0.0/24 // x\r\n}\r\n"), "network n {\n  cidr = 10.0.0.0/24 // x\n}\n");
});

test("a file with syntax errors is refused with its diagnostics", () => {
  const result = format("node a {\n  role = \n", "bad.lab");
  assert.equal(result.ok, false);
  assert.ok(!result.ok && result.diagnostics.length > 0 && result.diagnostics.every((d) => d.code.startsWith("LAB0") || d.code.startsWith("LAB2")));
});

test("an empty file stays empty; a comment-only file keeps its comment", () => {
  assert.equal(fmt(""), "");
  assert.equal(fmt("  \n\n"), "");
  assert.equal(fmt("// only\n\n"), "// only\n");
});

test("calls written across lines keep one argument per line", () => {
  assert.equal(fmt('cluster c {\n  repository = github(\n    "o/r", branch: "main")\n}\n'), 'cluster c {\n  repository = github(\n    "o/r",\n    branch: "main",\n  )\n}\n');
});
