import {
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  MessageType,
  ShowMessageNotification,
  ResponseError,
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type Position,
} from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import { LABC_VERSION } from "../version.js";
import { uriToPath } from "./convert.js";
import { LabWorkspace, LSP_SCAN_LIMITS, type FolderScan } from "./workspace/workspace.js";
import { describeStop } from "../files/find-lab-files.js";
import type { Analysis } from "./workspace/analysis.js";
import { DiagnosticsPublisher } from "./features/diagnostics.js";
import { hover } from "./features/hover.js";
import { completion } from "./features/completion.js";
import { definition } from "./features/definition.js";
import { references } from "./features/references.js";
import { prepareRename, rename, RenameRefusal } from "./features/rename.js";
import { documentSymbols, workspaceSymbols } from "./features/document-symbols.js";
import { formatting } from "./features/formatting.js";
import { codeActions } from "./features/code-actions.js";
import { semanticTokens, semanticTokensLegend } from "./features/semantic-tokens.js";

export interface ServerOptions {
  /**
   * Pause after the last edit before diagnostics are computed and pushed; default none (the
   * next event-loop turn), since latency counts from the last keystroke.
   */
  readonly debounceMs?: number;
  /**
   * Document changes read from the client but not yet handled: while there are some, the
   * diagnostics of the current text would be superseded before they were shown, so none are
   * computed (see MessageBacklog). Default: none are ever waiting.
   */
  readonly pendingChanges?: () => number;
}

/** Reported by a request whose document the server cannot read as a file. */
class NotAFile extends Error {}

/**
 * Wires labc's language features to a connection. Each request reads the analysis of the
 * document's program, recomputed only when one of its files changed, so a request never sees
 * stale text; diagnostics are pushed once no further change is waiting. The only place that creates a
 * connection is `labc lsp` (compiler/cli/commands/lsp.ts); tests pass their own.
 */
export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const documents = new TextDocuments(TextDocument);
  const workspace = new LabWorkspace();
  // Fault injection for tests of the error path: with LABC_LSP_TEST_FAULTS=1, a handler throws
  // for a document containing the marker `__fault__`. Inert otherwise.
  const faults = process.env["LABC_LSP_TEST_FAULTS"] === "1";
  const guard = (what: string, path: string | undefined) => {
    if (!faults || !path) return;
    let text = "";
    try {
      text = workspace.read(path);
    } catch {
      return;
    }
    if (text.includes("__fault__")) throw new Error(`injected fault in ${what}`);
  };
  const publisher = new DiagnosticsPublisher(connection, workspace, options.debounceMs ?? 0, guard, options.pendingChanges ?? (() => 0));

  /** A scan's summary goes to the log; a scan cut short by a bound is also shown to the user. */
  const report = (scan: FolderScan | undefined, ms: number) => {
    if (!scan) return;
    connection.console.log(`labc: found ${scan.files.length} .lab files under ${scan.folder} in ${ms.toFixed(0)} ms` + (scan.revisits.length ? ` (${scan.revisits.length} linked folders seen twice, not entered again)` : ""));
    const stop = describeStop(scan.folder, scan, LSP_SCAN_LIMITS);
    // A notification, not showWarningMessage (a request that waits for the user to answer).
    if (stop) void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `labc: ${stop}` });
  };
  let initialScans: { scan: FolderScan; ms: number }[] = [];
  let watchRegistration = false;

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const folders = (params.workspaceFolders ?? []).map((f) => uriToPath(f.uri)).filter((p): p is string => !!p);
    const root = params.rootUri ? uriToPath(params.rootUri) : params.rootPath ?? undefined;
    const scanRoots = new Set((folders.length ? folders : root ? [root] : []).map((f) => workspace.scanRootFor(f)).filter((f): f is string => !!f));
    for (const folder of scanRoots) {
      const started = performance.now();
      const scan = workspace.addFolder(folder);
      initialScans.push({ scan, ms: performance.now() - started });
    }
    watchRegistration = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        completionProvider: { triggerCharacters: [".", "="] },
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
        workspaceSymbolProvider: true,
        documentFormattingProvider: true,
        codeActionProvider: { codeActionKinds: ["quickfix"] },
        semanticTokensProvider: { legend: semanticTokensLegend, full: true },
      },
      serverInfo: { name: "labc", version: LABC_VERSION },
    };
  });

  connection.onInitialized(() => {
    for (const { scan, ms } of initialScans) report(scan, ms);
    initialScans = [];
    // Without a registration the client never reports files changed outside the editor (git
    // checkout, another editor), and diagnostics of the files that import them go stale.
    if (watchRegistration) void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: "**/*.lab" }] });
  });

  const track = (uri: string, text: string, version: number) => {
    const path = uriToPath(uri);
    if (!path) return;
    if (!workspace.isOpen(path)) {
      const started = performance.now();
      report(workspace.addProjectOf(path), performance.now() - started);
    }
    workspace.setDocument(path, uri, text, version);
    publisher.schedule();
  };
  documents.onDidChangeContent((e) => track(e.document.uri, e.document.getText(), e.document.version));
  documents.onDidClose((e) => {
    const path = uriToPath(e.document.uri);
    if (path) workspace.closeDocument(path);
    publisher.schedule();
  });
  connection.onDidChangeWatchedFiles((params) => {
    for (const change of params.changes) {
      const path = uriToPath(change.uri);
      if (path?.endsWith(".lab")) workspace.diskChanged(path);
    }
    publisher.schedule();
  });

  /** The document's path, text, analysis and the cursor offset. */
  const at = (uri: string, position?: Position) => {
    const path = uriToPath(uri);
    if (!path) throw new NotAFile(uri);
    const doc = documents.get(uri);
    const text = doc?.getText() ?? workspace.read(path);
    const lines = doc ?? TextDocument.create(uri, "lab", 0, text);
    guard("request", path);
    return { path, text, offset: position ? lines.offsetAt(position) : 0, lines, analysis: (): Analysis => workspace.analysisFor(path) };
  };

  /** A handler error becomes a log line and an empty answer; a refused rename is an error reply. */
  function safe<P, R>(name: string, handler: (params: P) => R, fallback: R): (params: P) => R {
    return (params: P) => {
      try {
        return handler(params);
      } catch (error) {
        if (error instanceof RenameRefusal) throw new ResponseError(ErrorCodes.InvalidRequest, error.message);
        if (!(error instanceof NotAFile)) connection.console.error(`labc: ${name} failed: ${(error as Error).stack ?? error}`);
        return fallback;
      }
    };
  }

  connection.onHover(safe("hover", (p) => {
    const c = at(p.textDocument.uri, p.position);
    return hover(c.analysis(), c.path, c.offset);
  }, null));
  connection.onCompletion(safe("completion", (p) => {
    const c = at(p.textDocument.uri, p.position);
    let analysis: Analysis | undefined;
    try {
      analysis = c.analysis();
    } catch {
      analysis = undefined;
    }
    return completion(analysis, c.text, c.offset, (o) => c.lines.positionAt(o));
  }, []));
  connection.onDefinition(safe("definition", (p) => {
    const c = at(p.textDocument.uri, p.position);
    return definition(c.analysis(), c.path, c.offset, workspace.uriOf);
  }, null));
  connection.onReferences(safe("references", (p) => {
    const c = at(p.textDocument.uri, p.position);
    return references(c.analysis(), c.path, c.offset, p.context.includeDeclaration, workspace.uriOf);
  }, null));
  connection.onPrepareRename(safe("prepareRename", (p) => {
    const c = at(p.textDocument.uri, p.position);
    return prepareRename(c.analysis(), c.path, c.offset);
  }, null));
  connection.onRenameRequest(safe("rename", (p) => {
    const c = at(p.textDocument.uri, p.position);
    return rename(c.analysis(), c.path, c.offset, p.newName, workspace.uriOf);
  }, null));
  connection.onDocumentSymbol(safe("documentSymbol", (p) => {
    const c = at(p.textDocument.uri);
    return documentSymbols(workspace.cache.get(c.path, c.text));
  }, []));
  connection.onWorkspaceSymbol(safe("workspaceSymbol", (p) => {
    const roots = new Set([...workspace.knownPaths(), ...workspace.openPaths()].map((path) => workspace.rootOf(path)));
    return workspaceSymbols([...roots].map((r) => workspace.analyzeRoot(r)), p.query, workspace.uriOf);
  }, []));
  connection.onDocumentFormatting(safe("formatting", (p) => formatting(at(p.textDocument.uri).text), []));
  connection.onCodeAction(safe("codeAction", (p) => {
    const c = at(p.textDocument.uri);
    return codeActions(c.analysis(), c.path, p.range, p.context.diagnostics, workspace.uriOf);
  }, []));

  connection.languages.semanticTokens.on(safe("semanticTokens", (p) => {
    const c = at(p.textDocument.uri);
    let analysis: Analysis | undefined;
    try {
      analysis = c.analysis();
    } catch {
      analysis = undefined; // unplaceable in a program: the file's own declarations still count
    }
    return semanticTokens(workspace.cache.get(c.path, c.text), analysis);
  }, { data: [] }));

  documents.listen(connection);
  connection.listen();
}
