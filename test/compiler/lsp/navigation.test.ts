import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import type { DocumentSymbol, Hover, Location, SymbolInformation, WorkspaceEdit } from "vscode-languageserver-protocol";
import { LspSession } from "./support/lsp-client.js";
import { marked } from "./support/markers.js";
import { APPS, CLUSTER } from "./support/workspace.js";

/** Positions come from `<|>` markers in copies of the fixture files, numbered in text order. */
const cluster = marked(
  CLUSTER.replace("  talos ", "  ta<|>los ")
    .replace("network   = lan", "network   = l<|>an")
    .replace("node cp-01", "node cp<|>-01")
    .replace("secret token", "secret to<|>ken"),
);
const apps = marked(APPS.replace("token = token", "token = tok<|>en").replace("depends = [cert-manager]", "depends = [cert-<|>manager]").replace("std.app-template", "std.app-<|>template").replace("app echo", "app ec<|>ho"));

let s: LspSession;
before(async () => {
  s = await LspSession.start({ "cluster.lab": cluster.text, "apps.lab": apps.text });
  s.open("cluster.lab", cluster.text);
  s.open("apps.lab", apps.text);
  await s.diagnosticsFor("apps.lab");
});
after(() => s.stop());

const hoverText = async (file: string, pos: { line: number; character: number }) => ((await s.request<Hover | null>("textDocument/hover", s.at(file, pos)))?.contents as { value: string } | undefined)?.value ?? "";

test("hover on a field: what it means and its type", async () => {
  const text = await hoverText("cluster.lab", cluster.at(0));
  assert.match(text, /\*\*talos\*\* \(required\): a version such as v1\.10\.7/);
  assert.match(text, /Talos Linux version/);
});

test("hover on a network reference: its range and free addresses", async () => {
  const text = await hoverText("cluster.lab", cluster.at(2));
  assert.match(text, /network lan\*\*: `192\.168\.31\.0\/24`, gateway `192\.168\.31\.1`/);
  assert.match(text, /249 of 254 host addresses free: `192\.168\.31\.2`–`192\.168\.31\.239`/);
  assert.match(text, /`192\.168\.31\.252` \(node cp-01\)/);
});

test("hover on a node: its address and role; on an app reference: chart and version; on std.x: the definition", async () => {
  assert.match(await hoverText("cluster.lab", cluster.at(1)), /node cp-01\*\*: controlplane at `192\.168\.31\.252` on network `lan`/);
  const app = await hoverText("apps.lab", apps.at(3));
  assert.match(app, /app cert-manager\*\* \(std\.cert-manager\) in namespace `cert-manager`/);
  assert.match(app, /chart `oci:\/\/quay\.io\/jetstack\/charts\/cert-manager` version `v[\d.]+`/);
  assert.match(await hoverText("apps.lab", apps.at(2)), /\*\*std\.app-template\*\*/);
  assert.match(await hoverText("apps.lab", apps.at(0)), /secret token\*\*: read from the environment variable `LABC_TEST_TOKEN`/);
});

test("go to definition crosses files", async () => {
  const locs = await s.request<Location[]>("textDocument/definition", s.at("apps.lab", apps.at(0)));
  assert.equal(locs.length, 1);
  assert.equal(locs[0]!.uri, s.uri("cluster.lab"));
  assert.deepEqual(locs[0]!.range.start, { line: 24, character: 7 });
  const imp = await s.request<Location[]>("textDocument/definition", s.at("cluster.lab", { line: 0, character: 10 }));
  assert.equal(imp[0]!.uri, s.uri("apps.lab"));
});

test("find references: the declaration and every use", async () => {
  const refs = await s.request<Location[]>("textDocument/references", { ...s.at("cluster.lab", cluster.at(3)), context: { includeDeclaration: true } });
  assert.deepEqual(refs.map((r) => `${r.uri.endsWith("apps.lab") ? "apps" : "cluster"}:${r.range.start.line}:${r.range.start.character}`).sort(), ["apps:5:27", "cluster:24:7"]);
  const without = await s.request<Location[]>("textDocument/references", { ...s.at("cluster.lab", cluster.at(3)), context: { includeDeclaration: false } });
  assert.equal(without.length, 1);
});

test("rename edits every file; colliding or invalid names are refused", async () => {
  const prepared = await s.request<{ placeholder: string }>("textDocument/prepareRename", s.at("apps.lab", apps.at(0)));
  assert.equal(prepared.placeholder, "token");
  const edit = await s.request<WorkspaceEdit>("textDocument/rename", { ...s.at("apps.lab", apps.at(0)), newName: "api-token" });
  assert.equal(edit.changes![s.uri("cluster.lab")]!.length, 1);
  assert.equal(edit.changes![s.uri("apps.lab")]![0]!.newText, "api-token");
  await assert.rejects(s.request("textDocument/rename", { ...s.at("apps.lab", apps.at(0)), newName: "Bad_Name" }), /not a valid name/);
  // Another app already has the name.
  await assert.rejects(s.request("textDocument/rename", { ...s.at("apps.lab", apps.at(1)), newName: "coredns" }), /already declared/);
  await assert.rejects(s.request("textDocument/rename", { ...s.at("apps.lab", apps.at(1)), newName: "spegel" }), /is a stdlib app/);
  await assert.rejects(s.request("textDocument/rename", { ...s.at("apps.lab", apps.at(3)), newName: "x" }), /name of a stdlib app/);
  await assert.rejects(s.request("textDocument/rename", { ...s.at("cluster.lab", cluster.at(1)), newName: "worker" }), /reserved/);
});

test("document symbols outline the file; workspace symbols search every file", async () => {
  const symbols = await s.request<DocumentSymbol[]>("textDocument/documentSymbol", { textDocument: { uri: s.uri("cluster.lab") } });
  assert.deepEqual(symbols.map((x) => `${x.detail} ${x.name}`), ["cluster home", "network lan", "node cp-01", "secret token"]);
  assert.deepEqual(symbols[2]!.children!.map((c) => c.name), ["role", "address", "network", "mac", "disk", "schematic"]);
  const found = await s.request<SymbolInformation[]>("workspace/symbol", { query: "crt" });
  assert.deepEqual(found.map((x) => x.name), ["cert-manager"]);
  assert.ok(found[0]!.location.uri.endsWith("apps.lab"));
});

test("hover still describes names while the workspace has errors (no model): addresses, definitions", async () => {
  const broken = marked(`${APPS}app web in default {\n  chart = std.app-template\n  depends = [missing]\n}\n`);
  s.change("apps.lab", broken.text);
  // The edit leaves an error, so the checker builds no model.
  await s.diagnosticsFor("apps.lab", (d) => d.some((x) => x.severity === 1));
  const network = await hoverText("cluster.lab", cluster.at(2));
  assert.match(network, /`192\.168\.31\.242` \(cilium internal-gateway\)/);
  assert.match(await hoverText("apps.lab", apps.at(3)), /app cert-manager\*\* \(std\.cert-manager\)/);
  s.change("apps.lab", apps.text);
  await s.diagnosticsFor("apps.lab", (d) => !d.some((x) => x.severity === 1));
});
