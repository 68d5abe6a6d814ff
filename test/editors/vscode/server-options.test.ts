import { test } from "node:test";
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { createProtocolConnection, type MessageReader, type MessageWriter } from "vscode-languageserver-protocol/node";
import { repoPath } from "../../support/paths.js";
import { installVscodeStub } from "./support/vscode-stub.js";

/**
 * The extension's server options through the real vscode-languageclient: the command line it
 * spawns must be `labc lsp --stdio`, and the server must answer `initialize`. The client appends
 * `--stdio` itself for the stdio transport, which the first release did not know (it started
 * `labc lsp --stdio --stdio`, which exited 2, and VS Code gave up after five restarts).
 */
interface Client {
  createMessageTransports(encoding: string): Promise<{ reader: MessageReader; writer: MessageWriter }>;
  readonly _serverProcess?: ChildProcess;
}
type ClientClass = new (id: string, name: string, server: unknown, client: unknown) => Client;

test("the extension starts `labc lsp --stdio` and the server initializes", async () => {
  installVscodeStub();
  const extRequire = createRequire(repoPath("editors", "vscode", "src", "extension.js"));
  const { serverOptions } = extRequire("./server-options.js") as { serverOptions: (command: string) => unknown };
  const { LanguageClient } = extRequire("vscode-languageclient/node") as { LanguageClient: ClientClass };
  const log: string[] = [];
  const channel = Object.fromEntries(["info", "warn", "error", "debug", "trace", "append", "appendLine"].map((m) => [m, (line: string) => log.push(line)]));
  const client = new LanguageClient("labc", "labc language server", serverOptions(repoPath("bin", "labc.js")), { outputChannel: channel });
  const { reader, writer } = await client.createMessageTransports("utf-8");
  const server = client._serverProcess!;
  try {
    assert.deepEqual(server.spawnargs.slice(1), ["lsp", "--stdio"]);
    const connection = createProtocolConnection(reader, writer);
    connection.listen();
    const exited = new Promise<never>((_, reject) => server.on("exit", (code) => reject(new Error(`the server exited ${code}: ${log.join("\n")}`))));
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error("no answer to initialize in 20 s")), 20_000).unref());
    const init = (await Promise.race([connection.sendRequest("initialize", { processId: process.pid, rootUri: null, capabilities: {} }), exited, timeout])) as {
      capabilities: { hoverProvider?: unknown; completionProvider?: unknown; codeActionProvider?: unknown };
    };
    assert.ok(init.capabilities.hoverProvider && init.capabilities.completionProvider && init.capabilities.codeActionProvider, JSON.stringify(init.capabilities));
    connection.dispose();
  } finally {
    server.kill();
  }
});
