import { test } from "node:test";
import assert from "node:assert/strict";
import type { SemanticTokens, SemanticTokensLegend } from "vscode-languageserver-protocol";
import { LspSession } from "../support/lsp-client.js";
import { APPS, CLUSTER } from "../support/workspace.js";

/** Decodes the server's relative encoding back to (text, type, modifiers) with the legend it announced. */
function decode(text: string, tokens: SemanticTokens, legend: SemanticTokensLegend): string[] {
  const lines = text.split("\n");
  const out: string[] = [];
  let line = 0;
  let char = 0;
  for (let i = 0; i < tokens.data.length; i += 5) {
    const [dl, dc, len, type, mods] = tokens.data.slice(i, i + 5) as [number, number, number, number, number];
    line += dl;
    char = dl === 0 ? char + dc : dc;
    const modifiers = legend.tokenModifiers.filter((_, bit) => mods & (1 << bit));
    out.push(`${lines[line]!.slice(char, char + len)} ${legend.tokenTypes[type]}${modifiers.length ? `.${modifiers.join(".")}` : ""}`);
  }
  return out;
}

const SOURCE = `import "cluster.lab"
// apps of the homelab
app echo in default from std.app-template {
  depends  = [cert-manager]
  replicas = 2
  enabled  = true
  address  = fd00::10
  values   = """
    a: 1
  """
  "app.kubernetes.io/name" = "echo\\n"
  token    = generate(token, 32)
  policy   = worker
}
app cert-manager {}
`;

test("semantic tokens: declarations, keys, references, enum values, calls, literals, comments", async () => {
  const s = await LspSession.start({ "cluster.lab": CLUSTER.replace('import "apps.lab"\n', ""), "apps.lab": SOURCE });
  try {
    s.open("apps.lab", SOURCE);
    const tokens = await s.request<SemanticTokens>("textDocument/semanticTokens/full", { textDocument: { uri: s.uri("apps.lab") } });
    const legend = (s.serverCapabilities["semanticTokensProvider"] as { legend: SemanticTokensLegend; full: boolean }).legend;
    const got = decode(SOURCE, tokens, legend);
    for (const want of [
      "import keyword",
      '"cluster.lab" string',
      "// apps of the homelab comment",
      "app keyword",
      "echo variable.declaration",
      "in keyword",
      "default namespace",
      "from keyword",
      "std namespace.defaultLibrary",
      "app-template type.defaultLibrary",
      "depends property",
      "= operator",
      "cert-manager variable",
      "2 number",
      "true keyword",
      "fd00::10 number",
      '    a: 1 string',
      '"app.kubernetes.io/name" string',
      '"echo\\n" string',
      "generate function",
      "token variable",
      "32 number",
      "worker enumMember",
      "cert-manager variable.declaration",
    ]) {
      assert.ok(got.includes(want), `${want} missing from:\n${got.join("\n")}`);
    }
    // A multi-line string is one token per line, never one spanning lines.
    const start = got.indexOf('""" string');
    assert.deepEqual(got.slice(start, start + 3), ['""" string', "    a: 1 string", '  """ string']);
  } finally {
    await s.stop();
  }
});
