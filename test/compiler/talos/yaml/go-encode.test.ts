import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { parseAllDocuments } from "yaml";
import { encodeGoYaml, encodeGoYamlStream, type GoValue } from "../../../../compiler/talos/yaml/go-encode.js";
import { goScalarStyle } from "../../../../compiler/talos/yaml/go-scalar.js";
import { upstreamPath } from "../../../support/paths.js";

const vectors = upstreamPath("vectors", "talos");

// Re-encoding Talos's own output must give the same bytes: this pins the emitter independently
// of the config generator (indentation, quoting, block literals, empty collections).
for (const version of readdirSync(vectors).filter((d) => d.startsWith("v"))) {
  for (const file of readdirSync(`${vectors}/${version}`)) {
    test(`re-encodes ${version}/${file} byte for byte`, () => {
      const text = readFileSync(`${vectors}/${version}/${file}`, "utf8");
      const docs = parseAllDocuments(text).map((d) => d.toJS() as GoValue);
      assert.equal(encodeGoYamlStream(docs), text);
    });
  }
}

test("quotes strings the way yaml.v3 does", () => {
  assert.equal(goScalarStyle(""), "QUOTE_DOUBLE");
  assert.equal(goScalarStyle("true"), "QUOTE_DOUBLE");
  assert.equal(goScalarStyle("yes"), "QUOTE_DOUBLE");
  assert.equal(goScalarStyle("1.28"), "QUOTE_DOUBLE");
  assert.equal(goScalarStyle("0755"), "QUOTE_DOUBLE");
  assert.equal(goScalarStyle("10.96.0.0/12"), "PLAIN");
  assert.equal(goScalarStyle("*"), "QUOTE_SINGLE");
  assert.equal(goScalarStyle("a: b"), "QUOTE_SINGLE");
  assert.equal(goScalarStyle('disk.dev_path == "/dev/vda"'), "PLAIN");
  assert.equal(goScalarStyle("line\n"), "BLOCK_LITERAL");
  assert.equal(goScalarStyle("trailing \n"), "QUOTE_DOUBLE");
});

test("Talos's encoder (go.yaml.in/yaml/v4) single-quotes what YAML 1.1 would misread; yaml.v3 double-quotes it", () => {
  // Seen from Talos machinery v1.14.0-alpha.2 (talhelper v3.1.16's pin): `hardwareAddr: '00:11:22:33:44:55'`, `auto: 'off'`.
  for (const s of ["00:11:22:33:44:55", "1:30", "off", "yes", "<<"]) assert.equal(goScalarStyle(s, false, "talos"), "QUOTE_SINGLE", s);
  for (const s of ["00:11:22:33:44:55", "off", "yes"]) assert.equal(goScalarStyle(s), "QUOTE_DOUBLE", s);
  assert.equal(goScalarStyle("8192", false, "talos"), "QUOTE_DOUBLE");
  assert.equal(goScalarStyle("true", false, "talos"), "QUOTE_DOUBLE");
  assert.equal(goScalarStyle("a: b", false, "talos"), "QUOTE_SINGLE");
  assert.equal(goScalarStyle("line\n", false, "talos"), "BLOCK_LITERAL");
  assert.equal(goScalarStyle("\n", false, "talos"), "QUOTE_DOUBLE");
  assert.equal(encodeGoYaml({ auto: "off", mac: "00:11:22:33:44:55" }, 2, { flavour: "talos" }), "auto: 'off'\nmac: '00:11:22:33:44:55'\n");
});

test("encodes with indent 2 for talhelper-style files", () => {
  assert.equal(encodeGoYaml({ a: { b: ["x", { c: 1, d: "" }] } }, 2), 'a:\n  b:\n    - x\n    - c: 1\n      d: ""\n');
});

test("integers marked as file modes are written the way Talos's FileMode marshals them", () => {
  const value = { files: [{ content: "x", permissions: 420, path: "/etc/x" }], count: 420 };
  const files = value.files[0]!;
  const octal = (owner: object, key: string) => owner === files && key === "permissions";
  assert.equal(encodeGoYaml(value, 4, { octal }), "files:\n    - content: x\n      permissions: 0o644\n      path: /etc/x\ncount: 420\n");
  assert.equal(encodeGoYaml({ mode: 0 }, 4, { octal: () => true }), "mode: 0o0\n");
});
