import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { SymbolInformation } from "vscode-languageserver-protocol";
import { LspSession } from "../support/lsp-client.js";
import { APPS, CLUSTER } from "../support/workspace.js";

/** The server's workspace scan through a real client: where it is rooted, when it stops, what it reports. */

const symbols = async (s: LspSession, query: string) => (await s.request<SymbolInformation[]>("workspace/symbol", { query })).map((x) => x.name).sort();
const STRAY = "app outsider {}\n";

test("a client rooted at $HOME: nothing is scanned until a document opens, then only its project", async () => {
  const s = await LspSession.start({ "proj/cluster.lab": CLUSTER, "proj/apps.lab": APPS, "notes/stray.lab": STRAY }, (dir) => ({ HOME: dir }));
  try {
    assert.deepEqual(await symbols(s, "outsider"), []);
    assert.ok(!s.logs.some((l) => /found \d+ \.lab files/.test(l)), s.logs.join("\n"));
    s.open("proj/apps.lab", APPS);
    await s.diagnosticsFor("proj/apps.lab");
    assert.match(await s.waitForLog(/found 2 \.lab files under .*proj /), /proj/);
    assert.deepEqual(await symbols(s, "outsider"), []);
    assert.deepEqual(await symbols(s, "cp-01"), ["cp-01"]);
  } finally {
    await s.stop();
  }
});

test("a client rooted in a subfolder of a project scans the whole project", async () => {
  const s = await LspSession.start({ "proj/cluster.lab": CLUSTER, "proj/apps/apps.lab": APPS.replace("app coredns {}", "app coredns2 {}") }, (dir) => ({ HOME: join(dir, "..") }), { root: "proj/apps" });
  try {
    assert.match(await s.waitForLog(/found 2 \.lab files under /), /proj /);
    assert.deepEqual(await symbols(s, "cp-01"), ["cp-01"]);
  } finally {
    await s.stop();
  }
});

test("a folder with a symlink loop and more files than the bound: initialize answers, the user is told", async () => {
  const files: Record<string, string> = { "cluster.lab": CLUSTER, "apps.lab": APPS };
  for (let i = 0; i < 1100; i++) files[`many/f${String(i).padStart(4, "0")}.lab`] = "";
  const started = performance.now();
  const s = await LspSession.start(files, (dir) => {
    mkdirSync(join(dir, "a-sub"));
    symlinkSync("..", join(dir, "a-sub", "loop"));
    return { HOME: join(dir, "..") };
  });
  try {
    assert.ok(performance.now() - started < 20_000);
    await s.waitForLog(/found 1000 \.lab files .*linked folders? seen twice/);
    for (let i = 0; i < 50 && s.messages.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(s.messages.length, 1);
    assert.equal(s.messages[0]!.type, 2); // Warning
    assert.match(s.messages[0]!.message, /stopped looking for \.lab files under .* after 1000 files; open a project folder/);
  } finally {
    await s.stop();
  }
});

test("file watching is registered when the client can, and diagnostics carry the document version", async () => {
  const capabilities = { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } };
  const s = await LspSession.start({ "cluster.lab": CLUSTER, "apps.lab": APPS }, {}, { capabilities });
  try {
    s.open("apps.lab", APPS);
    await s.diagnosticsFor("apps.lab");
    assert.deepEqual(s.registrations, [{ id: s.registrations[0]!.id, method: "workspace/didChangeWatchedFiles", registerOptions: { watchers: [{ globPattern: "**/*.lab" }] } }]);
    s.change("apps.lab", APPS.replace("token = token", "token = tokn"));
    await s.diagnosticsFor("apps.lab", (d) => d.length > 0);
    assert.equal(s.diagnosticVersions.get(s.uri("apps.lab")), 2);
    // cluster.lab is not open: its diagnostics name no version.
    await s.diagnosticsFor("cluster.lab");
    assert.equal(s.diagnosticVersions.get(s.uri("cluster.lab")), undefined);
  } finally {
    await s.stop();
  }
  const without = await LspSession.start({ "cluster.lab": CLUSTER }, {});
  try {
    without.open("cluster.lab", CLUSTER);
    await without.diagnosticsFor("cluster.lab");
    assert.deepEqual(without.registrations, []);
  } finally {
    await without.stop();
  }
});
