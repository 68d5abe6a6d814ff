import { UsageError } from "../usage-error.js";

/**
 * `labc lsp --stdio`: the language server, speaking LSP over stdin and stdout. The LSP libraries
 * load here and only here, so other commands never pay for them.
 *
 * A repeated `--stdio` is accepted: vscode-languageclient appends one to the configured arguments,
 * so a client configured with `lsp --stdio` (as labc's own VS Code extension 0.1.0 was) starts
 * `labc lsp --stdio --stdio`. Both mean the same transport; anything else is a usage error.
 */
export async function runLsp(args: string[]): Promise<number> {
  if (args.length === 0 || args.some((a) => a !== "--stdio")) throw new UsageError("labc lsp takes --stdio (the server speaks LSP over stdin and stdout)");
  const loaded = await import("vscode-languageserver/node");
  // A CommonJS package: its exports are the default export both in Node and in the esbuild bundle.
  const { createConnection, ProposedFeatures, StreamMessageReader, StreamMessageWriter } = loaded.default;
  const { startServer } = await import("../../lsp/server.js");
  const { MessageBacklog } = await import("../../lsp/message-backlog.js");
  // stdout carries the protocol: anything else printed there would corrupt it.
  console.log = console.error;
  const backlog = new MessageBacklog();
  const connection = createConnection(ProposedFeatures.all, backlog.reader(new StreamMessageReader(process.stdin)), new StreamMessageWriter(process.stdout), { messageStrategy: backlog.strategy });
  startServer(connection, { pendingChanges: () => backlog.pending() });
  return new Promise<number>((resolve) => process.stdin.on("close", () => resolve(0)));
}
