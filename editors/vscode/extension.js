// A minimal VS Code client for `boardroom lsp`: it starts the server over stdio for YAML files. The server
// answers only for scenario files and fact sheets, so other YAML files (CI workflows) are left alone.
"use strict";
const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function activate() {
  const config = vscode.workspace.getConfiguration("boardroom");
  const [command, ...args] = config.get("command", ["boardroom", "lsp"]);
  if (!config.get("lint", true)) {
    args.push("--no-lint");
  }
  const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  const serverOptions = {
    command,
    args,
    transport: TransportKind.stdio,
    options: folder ? { cwd: folder.uri.fsPath } : undefined,
  };
  const clientOptions = { documentSelector: [{ scheme: "file", language: "yaml" }] };
  client = new LanguageClient("boardroom", "Boardroom", serverOptions, clientOptions);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
