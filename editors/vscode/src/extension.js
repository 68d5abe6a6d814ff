// The VS Code client: starts `labc lsp --stdio` for .lab files. Everything else (diagnostics,
// hover, completion, rename, formatting, quick fixes) is the server's; this file only finds it.
"use strict";
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");
const { serverOptions } = require("./server-options.js");

/** @type {LanguageClient | undefined} */
let client;

/** @param {vscode.ExtensionContext} context */
async function activate(context) {
  const config = vscode.workspace.getConfiguration("labc");
  const command = config.get("path", "labc");
  const clientOptions = {
    documentSelector: [{ scheme: "file", language: "lab" }],
    // The server re-reads imported files that change on disk.
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher("**/*.lab") },
  };
  client = new LanguageClient("labc", "labc language server", serverOptions(command), clientOptions);
  context.subscriptions.push(
    vscode.commands.registerCommand("labc.restartServer", async () => {
      if (client) await client.restart();
    }),
  );
  try {
    await client.start();
  } catch (error) {
    void vscode.window.showErrorMessage(`labc: could not start '${command} lsp --stdio' (${error && error.message ? error.message : error}). Install labc or set "labc.path".`);
  }
}

async function deactivate() {
  if (client) await client.stop();
}

module.exports = { activate, deactivate };
