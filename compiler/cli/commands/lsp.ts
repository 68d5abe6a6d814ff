import { UsageError } from "../usage-error.js";

/**
 * `labc lsp --stdio`: the language server, speaking LSP over stdin and stdout. The LSP libraries
 * load here and only here, so other commands never pay for them.
 */
export async function runLsp(args: string[]): Promise<number> {
  if (args.length !== 1 || args[0] !== "--stdio") throw new UsageError("labc lsp takes --stdio (the server speaks LSP over stdin and stdout)");
  const loaded = await import("vscode-languageserver/node");
  // A CommonJS package: its exports are the default export both in Node and in the esbuild bundle.
  const { createConnection, ProposedFeatures } = loaded.default;
  const { startServer } = await import("../../../lang/lsp/server.js");
  // stdout carries the protocol: anything else printed there would corrupt it.
  console.log = console.error;
  const connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout);
  startServer(connection);
  return new Promise<number>((resolve) => process.stdin.on("close", () => resolve(0)));
}
