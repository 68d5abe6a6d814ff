import { test } from "node:test";
import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from "vscode-languageserver-protocol/node";
import { MessageBacklog } from "../../../compiler/lsp/message-backlog.js";

/** One JSON-RPC message as it travels: a Content-Length header, then the body. */
function frame(message: object): string {
  const body = JSON.stringify({ jsonrpc: "2.0", ...message });
  return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

test("changes read in one chunk are counted as waiting until each is handled; requests are not", async () => {
  const input = new PassThrough();
  const output = new PassThrough();
  const backlog = new MessageBacklog();
  const connection = createProtocolConnection(backlog.reader(new StreamMessageReader(input)), new StreamMessageWriter(output), undefined, { messageStrategy: backlog.strategy });
  const seen: number[] = [];
  connection.onNotification("textDocument/didChange", () => {
    seen.push(backlog.pending());
  });
  connection.onRequest("textDocument/hover", () => null);
  connection.listen();
  const change = (version: number) => frame({ method: "textDocument/didChange", params: { textDocument: { uri: "file:///a.lab", version }, contentChanges: [{ text: String(version) }] } });
  // Three keystrokes and a hover arrive together, as an editor sends them while the server is busy.
  input.write(change(2) + change(3) + frame({ id: 1, method: "textDocument/hover", params: {} }) + change(4));
  await new Promise((resolve) => setTimeout(resolve, 50));
  // While the first change is handled, the other two are still waiting.
  assert.deepEqual(seen, [2, 1, 0]);
  assert.equal(backlog.pending(), 0);
  connection.dispose();
});
