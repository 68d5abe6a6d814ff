// How the client starts the server: `<labc.path> lsp --stdio`. Kept apart from extension.js so a
// test can hand it to the real vscode-languageclient without a VS Code around it.
"use strict";
const { TransportKind } = require("vscode-languageclient/node");

/**
 * The executable's arguments stop at `lsp`: with the stdio transport vscode-languageclient appends
 * `--stdio` itself, so listing it here too started `labc lsp --stdio --stdio`.
 * @param {string} command the labc executable (the `labc.path` setting)
 */
function serverOptions(command) {
  return { command, args: ["lsp"], transport: TransportKind.stdio, options: { shell: process.platform === "win32" } };
}

module.exports = { serverOptions };
