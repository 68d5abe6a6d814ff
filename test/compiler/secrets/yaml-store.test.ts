// YAML store details: go-yaml v3's quoting and layout on output, its typing on input.
import assert from "node:assert/strict";
import { test } from "node:test";
import { SopsFormatError } from "../../../compiler/secrets/index.js";
import { readJsonDocument } from "../../../compiler/secrets/sops/stores/json-reader.js";
import { readDotenv } from "../../../compiler/secrets/sops/stores/dotenv-reader.js";
import { emitYamlDocuments } from "../../../compiler/secrets/sops/stores/yaml-writer.js";
import { readYamlDocuments } from "../../../compiler/secrets/sops/stores/yaml-reader.js";
import { resolvePlain } from "../../../compiler/secrets/sops/stores/yaml-resolve.js";
import { branchFromPlain, toPlain } from "../../../compiler/secrets/sops/tree.js";

const emit = (tree: unknown, indent = 2) => emitYamlDocuments([branchFromPlain(tree)], indent);

test("strings are quoted exactly when go-yaml v3 quotes them", () => {
  const cases: [string, string][] = [
    ["plain", "plain"],
    ["it's", "it's"],
    ["^(data|stringData)$", "^(data|stringData)$"],
    ["ENC[AES256_GCM,data:x,iv:y,tag:z,type:str]", "ENC[AES256_GCM,data:x,iv:y,tag:z,type:str]"],
    ["true", '"true"'],
    ["yes", '"yes"'],
    ["Off", '"Off"'],
    ["~", '"~"'],
    ["", '""'],
    ["12", '"12"'],
    ["0x1F", '"0x1F"'],
    ["1.0", '"1.0"'],
    ["1e3", '"1e3"'],
    [".inf", '".inf"'],
    ["1:20", '"1:20"'],
    ["2024-01-01", '"2024-01-01"'],
    ["2025-07-06T17:19:51Z", '"2025-07-06T17:19:51Z"'],
    ["<<", "<<"],
    ["n", '"n"'],
    ["3.10.2", "3.10.2"],
    ["a: b", "'a: b'"],
    ["a #b", "'a #b'"],
    ["#c", "'#c'"],
    ["- x", "'- x'"],
    ["-", "'-'"],
    [" lead", "' lead'"],
    ["trail ", "'trail '"],
    ["'q'", "'''q'''"],
    ["[x]", "'[x]'"],
    ["*ref", "'*ref'"],
    ["---", "'---'"],
    ["tab\there", '"tab\\there"'],
    ["bell\u0007", '"bell\\a"'],
    ["nbsp\u00a0x", "nbsp\u00a0x"],
    ["emoji 😀", '"emoji \\U0001F600"'],
    ["ünïcödé", "ünïcödé"],
    ["a \nb", '"a \\nb"'],
  ];
  for (const [value, written] of cases) assert.equal(emit({ k: value }), `k: ${written}\n`, JSON.stringify(value));
});

test("multi-line strings are literal blocks with go-yaml's chomping and indentation hints", () => {
  assert.equal(emit({ k: "a\nb\n" }), "k: |\n  a\n  b\n");
  assert.equal(emit({ k: "a\nb" }), "k: |-\n  a\n  b\n");
  assert.equal(emit({ k: "a\n\n" }), "k: |+\n  a\n\n");
  assert.equal(emit({ k: " a\nb" }), "k: |2-\n   a\n  b\n");
  assert.equal(emit({ k: "a\n\nb\n" }), "k: |\n  a\n\n  b\n");
  assert.equal(emit({ k: "a\nb\n" }, 4), "k: |\n    a\n    b\n");
});

test("layout: indented sequences, items continuing on the dash line, flow empties, other scalar types", () => {
  const tree = {
    list: ["a", { name: "nm", enc: "x\ny\n", sub: [1, [2, 3]] }],
    empty: {},
    none: [],
    nothing: null,
    int: -5,
    big: 2n ** 70n,
    float: 1.5e300,
    small: 0.5,
    nan: NaN,
    inf: -Infinity,
    bool: false,
    when: new Date("2024-05-06T07:08:09.010Z"),
    "true": "key needs quotes",
  };
  assert.equal(
    emit(tree),
    [
      "list:",
      "  - a",
      "  - name: nm",
      "    enc: |",
      "      x",
      "      y",
      "    sub:",
      "      - 1",
      "      - - 2",
      "        - 3",
      "empty: {}",
      "none: []",
      "nothing: null",
      "int: -5",
      "big: 1180591620717411303424",
      "float: 1.5e+300",
      "small: 0.5",
      "nan: .nan",
      "inf: -.inf",
      "bool: false",
      "when: 2024-05-06T07:08:09.01Z",
      '"true": key needs quotes',
      "",
    ].join("\n"),
  );
  assert.equal(
    emit({ a: { b: [{ c: "x\ny" }] } }, 4),
    ["a:", "    b:", "        - c: |-", "            x", "            y", ""].join("\n"),
  );
});

test("documents are joined with --- and keys over 128 bytes use the ? form", () => {
  assert.equal(emitYamlDocuments([branchFromPlain({ a: 1 }), branchFromPlain({ b: 2 })]), "a: 1\n---\nb: 2\n");
  const long = "k".repeat(129);
  assert.equal(emit({ [long]: "v" }), `? ${long}\n: v\n`);
  assert.deepEqual(toPlain(readYamlDocuments(emit({ [long]: "v" }))[0]!), { [long]: "v" });
});

test("reading types unquoted scalars like go-yaml v3", () => {
  const expect: [string, unknown][] = [
    ["true", { kind: "bool", value: true }],
    ["yes", { kind: "str", value: "yes" }],
    ["010", { kind: "int", value: 8n }],
    ["08", { kind: "float", value: 8 }],
    ["0o17", { kind: "int", value: 15n }],
    ["-0b11", { kind: "int", value: -3n }],
    ["1_000", { kind: "int", value: 1000n }],
    ["18446744073709551615", { kind: "int", value: 18446744073709551615n }],
    ["1e3", { kind: "float", value: 1000 }],
    [".5", { kind: "float", value: 0.5 }],
    ["1e400", { kind: "str", value: "1e400" }],
    ["~", { kind: "null" }],
    ["<<", { kind: "str", value: "<<" }],
    ["3.10.2", { kind: "str", value: "3.10.2" }],
  ];
  for (const [text, leaf] of expect) assert.deepEqual(resolvePlain(text), leaf, text);
  const [doc] = readYamlDocuments("a: '1'\nb: 1\nc: \"true\"\nd: !!str 5\ne: 2024-01-02\n");
  assert.deepEqual(
    doc!.items.map((i) => (i.kind === "pair" ? i.value.kind : i.kind)),
    ["str", "int", "str", "str", "time"],
  );
});

test("reading: aliases are expanded; duplicate keys, non-string keys and non-mapping documents are errors", () => {
  assert.deepEqual(toPlain(readYamlDocuments("a: &x {b: 1}\nc: *x\n")[0]!), { a: { b: 1 }, c: { b: 1 } });
  assert.throws(() => readYamlDocuments("a: 1\na: 2\n"), (e: unknown) => e instanceof SopsFormatError && /DUPLICATE_KEY/.test(String(e)));
  assert.throws(() => readYamlDocuments("1: x\n"), /non-string key/);
  assert.throws(() => readYamlDocuments("- a\n"), /must be mappings/);
  assert.deepEqual(readYamlDocuments("---\n").map(toPlain), [{}]);
  assert.equal(readYamlDocuments("a: 1\n---\nb: 2\n").length, 2);
});

test("JSON keeps key order (integer-like keys included) and types numbers as float", () => {
  const doc = readJsonDocument('{"b": 1, "10": [true, null, "s"], "a": {"x": -2.5e3}}');
  assert.deepEqual(doc.items.map((i) => (i.kind === "pair" ? i.key : "")), ["b", "10", "a"]);
  assert.deepEqual(doc.items[0], { kind: "pair", key: "b", value: { kind: "float", value: 1 } });
  assert.throws(() => readJsonDocument("[1]"), /must be objects/);
  assert.throws(() => readJsonDocument('{"a": 1,}'), SopsFormatError);
});

test("dotenv: comments, \\n escapes and flattened sops_ metadata", () => {
  const { branch, metadata } = readDotenv(
    "#c\nA=x\\ny\nsops_age__list_0__map_recipient=age1x\nsops_age__list_0__map_enc=-----BEGIN\\nb\\n\nsops_mac_only_encrypted=true\n",
  );
  assert.deepEqual(branch.items, [
    { kind: "comment", value: "c" },
    { kind: "pair", key: "A", value: { kind: "str", value: "x\ny" } },
  ]);
  assert.deepEqual(metadata, { age: [{ recipient: "age1x", enc: "-----BEGIN\nb\n" }], mac_only_encrypted: "true" });
  assert.throws(() => readDotenv("novalue\n"), SopsFormatError);
});
