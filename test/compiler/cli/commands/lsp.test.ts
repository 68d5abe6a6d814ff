import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from "vscode-languageserver-protocol/node";
import { repoPath } from "../../../support/paths.js";

const labc = repoPath("bin", "labc.js");

/** Starts the real binary with these arguments and asks it to initialize. */
async function initializes(args: string[]): Promise<boolean> {
  const server = spawn(process.execPath, [labc, ...args], { stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  server.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  try {
    const connection = createProtocolConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
    connection.listen();
    const exited = new Promise<never>((_, reject) => server.on("exit", (code) => reject(new Error(`labc ${args.join(" ")} exited ${code}: ${stderr}`))));
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error("no answer to initialize in 20 s")), 20_000).unref());
    const init = (await Promise.race([connection.sendRequest("initialize", { processId: process.pid, rootUri: null, capabilities: {} }), exited, timeout])) as { capabilities: object };
    connection.dispose();
    return typeof init.capabilities === "object";
  } finally {
    server.kill();
  }
}

test("lsp --stdio serves; a repeated --stdio (as vscode-languageclient appends one) is the same transport", async () => {
  assert.ok(await initializes(["lsp", "--stdio"]));
  assert.ok(await initializes(["lsp", "--stdio", "--stdio"]));
});

test("lsp without --stdio, or with another transport, is a usage error (exit 2)", () => {
  for (const args of [["lsp"], ["lsp", "--socket=5007"], ["lsp", "--stdio", "--node-ipc"]]) {
    const r = spawnSync(process.execPath, [labc, ...args], { encoding: "utf8", input: "" });
    assert.equal(r.status, 2, `labc ${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, /labc lsp takes --stdio/);
  }
});
