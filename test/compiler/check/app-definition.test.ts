import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "../../../lang/parser/parse.js";
import { stdlib } from "../../../stdlib/index.js";
import { appBodySchema, appDefinition } from "../../../compiler/check/app-definition.js";
import { indexSymbols } from "../../../compiler/check/symbol-index.js";
import { compileText } from "../../../compiler/pipeline/compile.js";

function app(text: string) {
  const file = parse(text, "t.lab").ast;
  return { file, decl: file.declarations[0]! };
}

test("an app's definition: from wins, then chart = std.x, none for oci(…), else its own name", () => {
  const id = (text: string) => appDefinition(app(text).decl, stdlib)?.id;
  assert.equal(id("app cilium from std.coredns {}"), "coredns");
  assert.equal(id("app x from std.nope {}"), undefined);
  assert.equal(id("app x in y { chart = std.app-template }"), "app-template");
  assert.equal(id("app cilium { chart = std.nope }"), "cilium", "an unknown chart id falls back to the name (the checker reports the id)");
  assert.equal(id('app cilium in y { chart = oci("oci://r/c", 1.0.0) }'), undefined);
  assert.equal(id("app spegel {}"), "spegel");
  assert.equal(id("app mine in y {}"), undefined);
});

test("the language server's index types an app's body exactly as the checker does (integer ranges included)", () => {
  const { file } = app("app cni in kube-system { chart = std.cilium }");
  const index = indexSymbols([file], stdlib);
  const symbol = index.declarations[0]!;
  assert.equal(index.definitionOf(symbol)?.id, "cilium");
  const schema = index.schemaOf(symbol);
  assert.deepEqual(schema, appBodySchema(stdlib.get("cilium")));
  assert.deepEqual(schema["bgp-router-asn"]!.type, { kind: "integer", min: 1, max: 4294967295 });
});

test("the checker and the declarations it hands downstream agree on the definition", () => {
  const text = 'app cni in kube-system { chart = std.cilium }\napp web in default { chart = oci("oci://r/c", 1.0.0) }\napp echo in default { chart = std.app-template }';
  const result = compileText(text, "t.lab");
  const byName = new Map(result.checked.declarations.apps.map((a) => [a.name, a.definition?.id]));
  assert.deepEqual(Object.fromEntries(byName), { cni: "cilium", web: undefined, echo: "app-template" });
  const index = indexSymbols([parse(text, "t.lab").ast], stdlib);
  for (const symbol of index.declarations) assert.equal(index.definitionOf(symbol)?.id, byName.get(symbol.name), symbol.name);
});
