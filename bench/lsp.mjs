// Language-server latency on a generated 5,600-line workspace (cluster.lab importing nodes.lab and
// three app files), through a real stdio client against `labc lsp --stdio`:
//   - initialize (the workspace scan) and open → first diagnostics,
//   - typing: each round types a few keystrokes as incremental changes (a port, an image tag, a
//     comment, a typo in a dependency and its fix, chosen by a seeded generator so every round's
//     text differs), and times the last keystroke → the diagnostics published for that version,
//   - completion and hover request latency.
// Usage: npm run build && node bench/lsp.mjs   (LSP_BENCH_ROUNDS=200, LSP_BENCH_SEED=7 to vary)
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from "vscode-languageserver-protocol/node";
import { TextDocument } from "vscode-languageserver-textdocument";

const root = fileURLToPath(new URL("..", import.meta.url));
const rounds = Number(process.env.LSP_BENCH_ROUNDS ?? 120);
let seed = Number(process.env.LSP_BENCH_SEED ?? 1) >>> 0;
/** mulberry32: a small seeded generator, so a run can be repeated exactly. */
const random = () => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (n) => Math.floor(random() * n);

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

/** The server's user + system CPU time so far, from /proc (NaN where there is none). */
function serverCpuMs() {
  try {
    const fields = readFileSync(`/proc/${proc.pid}/stat`, "utf8").replace(/^.*\) /, "").split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return NaN;
  }
}

/** Nearest-rank percentile over every sample. */
const percentile = (sorted, q) => sorted[Math.max(0, Math.ceil(sorted.length * q) - 1)];
const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: percentile(s, 0.5), p95: percentile(s, 0.95), max: s[s.length - 1] };
};
const fmt = (x) => `median ${x.median.toFixed(1)} ms, p95 ${x.p95.toFixed(1)} ms, max ${x.max.toFixed(1)} ms`;

const dir = mkdtempSync(join(tmpdir(), "labc-lsp-bench-"));
const files = generate(dir);
const totalLines = Object.values(files).reduce((n, t) => n + t.split("\n").length, 0);
const proc = spawn(process.execPath, [...(process.env.LSP_BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.LSP_BENCH_PROFILE}`] : []), join(root, "bin", "labc.js"), "lsp", "--stdio"], { stdio: ["pipe", "pipe", "inherit"] });
const c = createProtocolConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
const waiting = new Map();
c.onNotification("textDocument/publishDiagnostics", (p) => {
  const w = waiting.get(p.uri);
  // Diagnostics for an older version than the one awaited are stale: keep waiting.
  if (w && (w.version === undefined || p.version === w.version)) {
    waiting.delete(p.uri);
    w.resolve(p.diagnostics);
  }
});
const logs = [];
c.onNotification("window/logMessage", (p) => logs.push(p.message));
c.listen();
const published = (uri, version) => new Promise((resolve) => waiting.set(uri, { resolve, version }));
const uri = (name) => pathToFileURL(join(dir, name)).href;

try {
  let t0 = performance.now();
  await c.sendRequest("initialize", { processId: process.pid, rootUri: pathToFileURL(dir).href, capabilities: {} });
  const initMs = performance.now() - t0;
  c.sendNotification("initialized", {});
  const target = "apps-2.lab";
  t0 = performance.now();
  let doc = TextDocument.create(uri(target), "lab", 1, files[target]);
  let done = published(uri(target));
  c.sendNotification("textDocument/didOpen", { textDocument: { uri: uri(target), languageId: "lab", version: 1, text: files[target] } });
  const first = await done;
  const openMs = performance.now() - t0;
  if (first.length) throw new Error(`the generated workspace has diagnostics: ${JSON.stringify(first.slice(0, 3))}`);

  /** Sends one incremental change, as an editor does per keystroke. */
  const edit = (start, end, text) => {
    const range = { start: doc.positionAt(start), end: doc.positionAt(end) };
    doc = TextDocument.update(doc, [{ range, text }], doc.version + 1);
    c.sendNotification("textDocument/didChange", { textDocument: { uri: uri(target), version: doc.version }, contentChanges: [{ range, text }] });
  };
  const type = (offset, text) => {
    for (let i = 0; i < text.length; i++) edit(offset + i, offset + i, text[i]);
  };
  const nth = (needle, k) => {
    let at = -1;
    for (let i = 0; i <= k; i++) at = doc.getText().indexOf(needle, at + 1);
    return at;
  };
  const apps = (doc.getText().match(/^app svc-/gm) ?? []).length;
  const cpuBefore = serverCpuMs();
  const change = [];
  const kinds = {};
  let typo; // offset of a typed typo still in the text
  for (let i = 0; i < rounds; i++) {
    let kind;
    if (typo !== undefined) {
      kind = "fix typo";
      edit(typo, typo + 1, ""); // backspace
      typo = undefined;
    } else {
      const k = pick(apps);
      const choice = pick(4);
      if (choice === 0) {
        kind = "port";
        const at = nth("port = ", k) + "port = ".length;
        const end = doc.getText().indexOf(" ", at);
        edit(at, end, "");
        type(at, String(1024 + pick(60000)));
      } else if (choice === 1) {
        kind = "tag";
        const at = nth('tag = "', k) + 'tag = "'.length;
        type(doc.getText().indexOf('"', at), `.${pick(10)}`);
      } else if (choice === 2) {
        kind = "comment";
        const at = doc.getText().indexOf("\n", nth("app svc-", k));
        type(at, ` // ${"abcdefghij"[pick(10)]}`);
      } else {
        kind = "typo";
        const at = doc.getText().indexOf("]", nth("depends = [", k));
        type(at, "x");
        typo = at;
      }
    }
    kinds[kind] = (kinds[kind] ?? 0) + 1;
    done = published(uri(target), doc.version);
    t0 = performance.now();
    const d = await done;
    change.push(performance.now() - t0);
    if ((kind === "typo") !== d.some((x) => x.code === "LAB1002")) throw new Error(`round ${i} (${kind}): wrong diagnostics ${JSON.stringify(d.slice(0, 2))}`);
  }
  const typingCpuMs = serverCpuMs() - cpuBefore;
  const lines = doc.getText().split("\n");
  const line = lines.findIndex((l) => l.includes("depends = [svc-150]"));
  const completion = [];
  const hover = [];
  for (let i = 0; i < rounds; i++) {
    t0 = performance.now();
    const items = await c.sendRequest("textDocument/completion", { textDocument: { uri: uri(target) }, position: { line, character: lines[line].indexOf("[") + 1 } });
    completion.push(performance.now() - t0);
    if (items.length < 290) throw new Error(`expected the apps as completions, got ${items.length}`);
    t0 = performance.now();
    await c.sendRequest("textDocument/hover", { textDocument: { uri: uri(target) }, position: { line, character: lines[line].indexOf("svc-150") + 2 } });
    hover.push(performance.now() - t0);
  }
  console.log(`labc lsp on a generated workspace: ${Object.keys(files).length} files, ${totalLines} lines, ${rounds} rounds (seed ${process.env.LSP_BENCH_SEED ?? 1})`);
  const scan = logs.map((l) => /found \d+ \.lab files under .* in (\d+) ms/.exec(l)?.[1]).find((x) => x !== undefined);
  console.log(`  initialize:                     ${initMs.toFixed(1)} ms (server start included; the workspace scan ${scan ?? "?"} ms)`);
  console.log(`  open → first diagnostics:       ${openMs.toFixed(1)} ms (parses and checks the whole workspace)`);
  console.log(`  last keystroke → diagnostics:   ${fmt(stats(change))} (${Object.entries(kinds).map(([k, n]) => `${n} ${k}`).join(", ")})`);
  if (Number.isFinite(typingCpuMs)) console.log(`  server CPU per typing round:    ${(typingCpuMs / rounds).toFixed(1)} ms (mean; what the machine's load does not inflate)`);
  console.log(`  completion (300 app names):     ${fmt(stats(completion))}`);
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
