import { test } from "node:test";
import assert from "node:assert/strict";
import { Document, parse, parseAllDocuments } from "yaml";
import {
  annotate,
  escapeFluxSubstitution,
  findFluxSubstitutions,
  renovateComment,
  schemaComment,
  toYaml,
} from "../../../../compiler/emit/yaml/index.js";

test("documents are separated by --- and headers sit right below it", () => {
  const out = toYaml([annotate({ a: 1 }, { header: [schemaComment("https://x/y.json")] }), { b: [1, 2] }]);
  assert.equal(out, "---\n# yaml-language-server: $schema=https://x/y.json\na: 1\n---\nb:\n  - 1\n  - 2\n");
  assert.equal(toYaml([{ a: 1 }], { documentStart: false }), "a: 1\n");
  assert.equal(toYaml([]), "");
});

test("comments attach above nested keys and sequence items", () => {
  const out = toYaml([
    annotate(
      { spec: { values: { distribution: { version: "2.6.4" } }, list: ["a", "b"] } },
      {
        comments: [
          { path: ["spec", "values", "distribution", "version"], text: renovateComment("github-releases", "o/r") },
          { path: ["spec", "list", 1], text: "second" },
        ],
      },
    ),
  ]);
  assert.match(out, /\n {6}# renovate: datasource=github-releases depName=o\/r\n {6}version: 2\.6\.4\n/);
  assert.match(out, /\n {4}# second\n {4}- b\n/);
  assert.throws(() => toYaml([annotate({ a: 1 }, { comments: [{ path: ["nope"], text: "x" }] })]), /no node at nope/);
});

test("strings a YAML 1.1 reader would take for booleans are quoted", () => {
  const out = toYaml([{ allowFirstLastIPs: "No", on: "yes", y: "n", plain: "Norway", t: "true" }]);
  assert.match(out, /allowFirstLastIPs: "No"/);
  assert.match(out, /"on": "yes"/);
  assert.match(out, /"y": "n"/);
  assert.match(out, /plain: Norway/);
  assert.deepEqual(parse(out), { allowFirstLastIPs: "No", on: "yes", y: "n", plain: "Norway", t: "true" });
});

test("Flux and Helm templating survive a round trip unchanged", () => {
  const data = {
    a: "${SECRET_DOMAIN}",
    b: "*.${SECRET_DOMAIN}",
    c: "${SECRET_DOMAIN/./-}-production-tls",
    d: "{{ .Release.Name }}.${SECRET_DOMAIN}",
    e: "multi\nline\n",
    f: "0755",
    g: "1.18.1",
  };
  const docs = parseAllDocuments(toYaml([data]));
  assert.deepEqual(docs[0]!.toJS(), data);
});

test("shared objects are written out in full, never as anchors", () => {
  const shared = { x: 1 };
  const out = toYaml([{ a: shared, b: shared }]);
  assert.ok(!out.includes("&") && !out.includes("*"), out);
});

test("yaml Documents are accepted as input, comment before included", () => {
  const doc = new Document({ k: "v" });
  doc.commentBefore = " header line";
  assert.equal(toYaml([doc]), "---\n# header line\nk: v\n");
  assert.equal(doc.commentBefore, " header line", "the input document is not modified");
});

test("escapeFluxSubstitution and findFluxSubstitutions", () => {
  assert.equal(escapeFluxSubstitution("a ${B} and ${C}"), "a $${B} and $${C}");
  assert.equal(escapeFluxSubstitution("no vars $HOME"), "no vars $HOME");
  assert.deepEqual(findFluxSubstitutions({ a: ["x", "${Y}"], b: { "${K}": 1 }, c: "$${Z}", d: 3 }), [
    { path: ["a", 1], value: "${Y}" },
    { path: ["b", "${K}"], value: "${K}" },
    { path: ["c"], value: "$${Z}" },
  ]);
});
