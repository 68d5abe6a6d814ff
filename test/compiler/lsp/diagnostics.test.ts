import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { compileWorkspace } from "../../../compiler/pipeline/compile.js";
import { LspSession, writeFile } from "./support/lsp-client.js";
import { APPS, CLUSTER } from "./support/workspace.js";

/** What `labc check` reports, run beside the entry file, as (file, code, range, message). */
function cliDiagnostics(dir: string) {
  return compileWorkspace(join(dir, "cluster.lab"), { cwd: dir }).diagnostics.map((d) => ({
    file: d.span.file,
    code: d.code,
    message: d.message,
    range: { start: { line: d.span.start.line - 1, character: d.span.start.column - 1 }, end: { line: d.span.end.line - 1, character: d.span.end.column - 1 } },
  }));
}

const sorted = <T>(xs: T[]) => xs.map((x) => JSON.stringify(x)).sort();

test("diagnostics for a workspace with imports are labc check's, pushed per file", async () => {
  const broken = APPS.replace("token = token", "token = tokn").replace("depends = [cert-manager]", "depends = [cert-manger]");
  const s = await LspSession.start({ "cluster.lab": CLUSTER, "apps.lab": broken });
  try {
    s.open("apps.lab", broken);
    const got = await s.diagnosticsFor("apps.lab", (d) => d.length > 0);
    const want = cliDiagnostics(s.dir).filter((d) => d.file === "apps.lab");
    assert.deepEqual(sorted(got.map((d) => ({ file: "apps.lab", code: d.code, message: d.message, range: d.range }))), sorted(want));
    assert.ok(got.every((d) => d.severity === 1 && d.source === "labc"));
    assert.match(got.find((d) => d.code === "LAB1002" && String(d.message).includes("tokn"))!.message as string, /did you mean 'token'/);
    // The entry file is checked as part of the same program and is clean.
    assert.deepEqual(await s.diagnosticsFor("cluster.lab"), []);
  } finally {
    await s.stop();
  }
});

test("related locations point into the other file; warnings are warnings", async () => {
  const apps = `${APPS}app spegel {}\nnode cp-01 {\n  role = worker\n}\n`;
  const s = await LspSession.start({ "cluster.lab": CLUSTER, "apps.lab": apps });
  try {
    s.open("cluster.lab", CLUSTER);
    const got = await s.diagnosticsFor("cluster.lab", (d) => d.some((x) => x.code === "LAB1001"));
    const dup = got.find((d) => d.code === "LAB1001")!;
    assert.equal(dup.relatedInformation?.[0]?.location.uri, s.uri("apps.lab"));
    assert.equal(dup.relatedInformation?.[0]?.location.range.start.line, 11);
    const appDiags = await s.diagnosticsFor("apps.lab", (d) => d.some((x) => x.code === "LAB3003"));
    assert.equal(appDiags.find((d) => d.code === "LAB3003")!.severity, 2, "a warning");
  } finally {
    await s.stop();
  }
});

test("an edit that breaks the file and one that repairs it", async () => {
  const s = await LspSession.start({ "cluster.lab": CLUSTER, "apps.lab": APPS });
  try {
    s.open("apps.lab", APPS);
    assert.deepEqual(await s.diagnosticsFor("apps.lab"), []);
    s.change("apps.lab", APPS.replace("app coredns {}", "app coredns {"));
    const broken = await s.diagnosticsFor("apps.lab", (d) => d.some((x) => x.code === "LAB0002"));
    assert.ok(broken.every((d) => d.range.start.line >= 4), JSON.stringify(broken));
    s.change("apps.lab", APPS.replace("network", "network"));
    assert.deepEqual(await s.diagnosticsFor("apps.lab", (d) => d.length === 0), []);
    // Breaking the entry file's declaration shows up in the imported file's references.
    s.open("cluster.lab", CLUSTER);
    s.change("cluster.lab", CLUSTER.replace("secret token", "secret tokens"));
    const unresolved = await s.diagnosticsFor("apps.lab", (d) => d.some((x) => x.code === "LAB1002"));
    assert.match(unresolved[0]!.message as string, /unknown secret 'token'; did you mean 'tokens'\?/);
    s.change("cluster.lab", CLUSTER);
    await s.diagnosticsFor("apps.lab", (d) => d.length === 0);
  } finally {
    await s.stop();
  }
});

test("garbage input never takes the server down", async () => {
  const s = await LspSession.start({ "cluster.lab": CLUSTER, "apps.lab": APPS });
  try {
    s.open("apps.lab", APPS);
    for (const junk of ["{{{{", "app = = = [ ( ", '"unterminated', "\u0000\u0001", "app x from std. {", "}}}}}", ""]) {
      s.change("apps.lab", junk);
      await s.request("textDocument/hover", s.at("apps.lab", { line: 0, character: 2 }));
      await s.request("textDocument/completion", s.at("apps.lab", { line: 0, character: junk.length }));
    }
    s.change("apps.lab", APPS);
    assert.deepEqual(await s.diagnosticsFor("apps.lab", (d) => d.length === 0), []);
  } finally {
    await s.stop();
  }
});

test("a handler that throws logs the error; the diagnostics already shown stay", async () => {
  const bad = APPS.replace("token = token", "token = tokn");
  const s = await LspSession.start({ "cluster.lab": CLUSTER, "apps.lab": bad }, { LABC_LSP_TEST_FAULTS: "1" });
  try {
    s.open("apps.lab", bad);
    const before = await s.diagnosticsFor("apps.lab", (d) => d.length === 1);
    s.change("apps.lab", `${bad}// __fault__\n`);
    await s.waitForLog(/checking .* failed; the diagnostics shown are from the last good run: Error: injected fault/);
    const hover = await s.request("textDocument/hover", s.at("apps.lab", { line: 5, character: 20 }));
    assert.equal(hover, null);
    await s.waitForLog(/hover failed: Error: injected fault/);
    assert.deepEqual(s.diagnostics.get(s.uri("apps.lab")), before);
    s.change("apps.lab", APPS);
    await s.diagnosticsFor("apps.lab", (d) => d.length === 0);
  } finally {
    await s.stop();
  }
});

test("a burst of keystrokes: the diagnostics shown are labc check's for the last version", async () => {
  const s = await LspSession.start({ "cluster.lab": CLUSTER, "apps.lab": APPS });
  try {
    s.open("apps.lab", APPS);
    await s.diagnosticsFor("apps.lab");
    // Typing `cert-manger` into the dependency one key at a time, faster than a check takes.
    const at = APPS.indexOf("[cert-manager]") + 1;
    let text = APPS;
    for (const [i, key] of [..."cert-manger"].entries()) {
      text = i === 0 ? `${APPS.slice(0, at)}${key}${APPS.slice(at + "cert-manager".length)}` : `${text.slice(0, at + i)}${key}${text.slice(at + i)}`;
      s.change("apps.lab", text);
    }
    const last = 1 + "cert-manger".length;
    const got = await s.diagnosticsFor("apps.lab", () => s.diagnosticVersions.get(s.uri("apps.lab")) === last);
    writeFile(s.dir, "apps.lab", text);
    const want = cliDiagnostics(s.dir).filter((d) => d.file === "apps.lab");
    assert.ok(want.some((d) => d.code === "LAB1002"), "the typo is a finding");
    assert.deepEqual(sorted(got.map((d) => ({ file: "apps.lab", code: d.code, message: d.message, range: d.range }))), sorted(want));
  } finally {
    await s.stop();
  }
});
