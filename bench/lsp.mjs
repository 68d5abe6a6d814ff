// Language-server latency on a generated 5,000-line workspace (cluster.lab importing nodes.lab and
// three app files), through a real stdio client against `labc lsp --stdio`:
//   - didChange → publishDiagnostics for the edited file (includes the server's 20 ms debounce),
//   - completion and hover request latency.
// Usage: npm run build && node bench/lsp.mjs   (LSP_BENCH_ROUNDS=30 to change the repetitions)
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from "vscode-languageserver-protocol/node";

const root = fileURLToPath(new URL("..", import.meta.url));
const rounds = Number(process.env.LSP_BENCH_ROUNDS ?? 20);

function generate(dir) {
  const files = {};
  files["cluster.lab"] = [
    'import "nodes.lab"',
    'import "apps-1.lab"',
    'import "apps-2.lab"',
    'import "apps-3.lab"',
    "",
    "cluster bench {",
    "  talos      = v1.10.7",
    "  kubernetes = v1.33.4",
    "  endpoint   = 10.0.0.5",
    '  domain     = "bench.example.com"',
    '  repository = github("owner/bench")',
    '  recipients = ["age1m4acj4mjupv5wgxtruey44wpq34tqkk7hkkj77566vy0t80gqfmsdmpcvk"]',
    "}",
    "",
    "network lan {",
    "  cidr = 10.0.0.0/16",
    "}",
    "",
    'secret cf     = env("BENCH_TOKEN")',
    'secret tunnel = env("BENCH_TUNNEL")',
    'secret hook   = env("BENCH_HOOK")',
    "",
  ].join("\n");
  const nodes = [];
  for (let i = 0; i < 120; i++) {
    const mac = `52:54:00:00:${(i >> 8).toString(16).padStart(2, "0")}:${(i & 255).toString(16).padStart(2, "0")}`;
    nodes.push(`node n-${i} {`, `  role      = ${i < 3 ? "controlplane" : "worker"}`, `  address   = 10.0.1.${(i % 250) + 1 + 0}`.replace(/10\.0\.1\.(\d+)$/, (_, n) => `10.0.${1 + Math.floor(i / 250)}.${(i % 250) + 1}`), `  network   = lan`, `  mac       = ${mac}`, `  disk      = "/dev/sda"`, `  schematic = "376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba"`, "}", "");
  }
  files["nodes.lab"] = nodes.join("\n");
  let app = 0;
  const core = ["app cilium {", "  internal-gateway = 10.0.200.1", "  external-gateway = 10.0.200.2", "}", "app coredns {}", "app spegel {}", "app metrics-server {}", "app reloader {}", "app cert-manager { token = cf }", "app flux-operator {}", "app flux-instance { webhook-token = hook }", "app cloudflare-dns { token = cf }", "app cloudflare-tunnel { credentials = tunnel }", "app k8s-gateway { address = 10.0.200.3 }", ""];
  for (let f = 1; f <= 3; f++) {
    const lines = f === 1 ? [...core] : [];
    for (let k = 0; k < 100; k++, app++) {
      lines.push(
        `app svc-${app} in apps {`,
        "  chart = std.app-template",
        "  values {",
        "    controllers {",
        "      main {",
        "        containers {",
        `          app { image { repository = "ghcr.io/example/svc-${app}"  tag = "1.0.${app}" } }`,
        "        }",
        "      }",
        "    }",
        "    service { app { ports { http { port = 8080 } } } }",
        "  }",
        `  depends = [${app > 0 ? `svc-${app - 1}` : "cert-manager"}]`,
        "}",
        "",
      );
    }
    files[`apps-${f}.lab`] = lines.join("\n");
  }
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return files;
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], p95: s[Math.min(s.length - 1, Math.floor(s.length * 0.95))], max: s[s.length - 1] };
};
const fmt = (x) => `median ${x.median.toFixed(1)} ms, p95 ${x.p95.toFixed(1)} ms, max ${x.max.toFixed(1)} ms`;

const dir = mkdtempSync(join(tmpdir(), "labc-lsp-bench-"));
const files = generate(dir);
const totalLines = Object.values(files).reduce((n, t) => n + t.split("\n").length, 0);
const proc = spawn(process.execPath, [join(root, "bin", "labc.js"), "lsp", "--stdio"], { stdio: ["pipe", "pipe", "inherit"] });
const c = createProtocolConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
const waiting = new Map();
c.onNotification("textDocument/publishDiagnostics", (p) => {
  const w = waiting.get(p.uri);
  if (w) {
    waiting.delete(p.uri);
    w(p.diagnostics);
  }
});
c.listen();
const published = (uri) => new Promise((resolve) => waiting.set(uri, resolve));
const uri = (name) => pathToFileURL(join(dir, name)).href;

try {
  await c.sendRequest("initialize", { processId: process.pid, rootUri: pathToFileURL(dir).href, capabilities: {} });
  c.sendNotification("initialized", {});
  const target = "apps-2.lab";
  let t0 = performance.now();
  let done = published(uri(target));
  c.sendNotification("textDocument/didOpen", { textDocument: { uri: uri(target), languageId: "lab", version: 1, text: files[target] } });
  const first = await done;
  const openMs = performance.now() - t0;
  if (first.length) throw new Error(`the generated workspace has diagnostics: ${JSON.stringify(first.slice(0, 3))}`);

  const change = [];
  for (let i = 0; i < rounds; i++) {
    // Alternate a valid edit and one with an error, so every round has something new to report.
    const text = i % 2 === 0 ? files[target].replace("port = 8080", `port = ${9000 + i}`) : files[target].replace("depends = [svc-150]", "depends = [svc-15O]");
    done = published(uri(target));
    t0 = performance.now();
    c.sendNotification("textDocument/didChange", { textDocument: { uri: uri(target), version: i + 2 }, contentChanges: [{ text }] });
    const d = await done;
    change.push(performance.now() - t0);
    if (i % 2 === 1 && !d.some((x) => x.code === "LAB1002")) throw new Error("the error edit was not reported");
  }
  const lines = files[target].split("\n");
  const line = lines.findIndex((l) => l.includes("depends = [svc-150]"));
  const completion = [];
  const hover = [];
  for (let i = 0; i < rounds; i++) {
    t0 = performance.now();
    const items = await c.sendRequest("textDocument/completion", { textDocument: { uri: uri(target) }, position: { line, character: lines[line].indexOf("[") + 1 } });
    completion.push(performance.now() - t0);
    if (items.length < 300) throw new Error(`expected every app as a completion, got ${items.length}`);
    t0 = performance.now();
    await c.sendRequest("textDocument/hover", { textDocument: { uri: uri(target) }, position: { line, character: lines[line].indexOf("svc-150") + 2 } });
    hover.push(performance.now() - t0);
  }
  console.log(`labc lsp on a generated workspace: ${Object.keys(files).length} files, ${totalLines} lines, ${rounds} rounds`);
  console.log(`  open → first diagnostics:       ${openMs.toFixed(1)} ms (parses and checks the whole workspace)`);
  console.log(`  didChange → diagnostics:        ${fmt(stats(change))} (20 ms debounce included)`);
  console.log(`  completion (300+ app names):    ${fmt(stats(completion))}`);
  console.log(`  hover:                          ${fmt(stats(hover))}`);
  await c.sendRequest("shutdown");
  c.sendNotification("exit");
} finally {
  setTimeout(() => {
    proc.kill();
    rmSync(dir, { recursive: true, force: true });
    process.exit(process.exitCode ?? 0);
  }, 300);
}
