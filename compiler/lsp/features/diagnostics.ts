import type { Connection } from "vscode-languageserver";
import { toLspDiagnostic } from "../convert.js";
import type { LabWorkspace } from "../workspace/workspace.js";

/** Event-loop turns a publication waits for changes already read; each handles one message. */
const MAX_DEFERRALS = 1000;

/**
 * Pushes diagnostics (the client may not pull: Neovim 0.7 cannot). Once no further document
 * change is waiting to be handled (and after the optional debounce), every program that holds an open document is checked (unchanged programs come from the
 * cache) and each file gets the diagnostics of the program it belongs to. If checking throws,
 * the error is logged and the diagnostics already shown stay.
 */
export class DiagnosticsPublisher {
  private timer: { cancel(): void } | undefined;
  private readonly shown = new Set<string>();
  /** What was last sent for each file that is not open: an unchanged file is not sent again after every keystroke elsewhere. */
  private readonly sentClosed = new Map<string, string>();
  /** Called after each publication round, with the time it took (tests and the bench read it). */
  onPublished: ((ms: number) => void) | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly workspace: LabWorkspace,
    private readonly delayMs: number,
    private readonly guard: (what: string, path: string | undefined) => void,
    private readonly pendingChanges: () => number = () => 0,
  ) {}

  schedule(deferrals = 0): void {
    this.timer?.cancel();
    const run = () => {
      this.timer = undefined;
      // A change still waiting makes this text stale: try again after it (its handler may not
      // schedule, e.g. a document that is not a file, so the publisher does not rely on it).
      // Bounded, so that a miscount can delay diagnostics but never stop them.
      if (this.pendingChanges() > 0 && deferrals < MAX_DEFERRALS) this.schedule(deferrals + 1);
      else this.publish();
    };
    if (this.delayMs > 0) {
      const t = setTimeout(run, this.delayMs);
      this.timer = { cancel: () => clearTimeout(t) };
    } else {
      const t = setImmediate(run);
      this.timer = { cancel: () => clearImmediate(t) };
    }
  }

  publish(): void {
    this.timer?.cancel();
    this.timer = undefined;
    const started = performance.now();
    const roots = new Set<string>();
    for (const path of this.workspace.openPaths()) {
      try {
        roots.add(this.workspace.rootOf(path));
      } catch (error) {
        this.connection.console.error(`labc: could not place ${path} in a program: ${(error as Error).stack ?? error}`);
      }
    }
    const covered = new Set<string>();
    const coveredUris = new Set<string>();
    for (const root of roots) {
      try {
        const analysis = this.workspace.analyzeRoot(root);
        for (const file of analysis.program.files) this.guard("diagnostics", file.path);
        for (const file of analysis.program.files) {
          if (covered.has(file.path) || this.workspace.rootOf(file.path) !== root) continue;
          covered.add(file.path);
          const uri = this.workspace.uriOf(file.path);
          coveredUris.add(uri);
          const diagnostics = analysis.diagnostics.filter((d) => d.span.file === file.path).map((d) => toLspDiagnostic(d, this.workspace.uriOf));
          this.send(uri, this.workspace.versionOf(file.path), diagnostics);
        }
      } catch (error) {
        for (const uri of this.shown) coveredUris.add(uri);
        this.connection.console.error(`labc: checking ${root} failed; the diagnostics shown are from the last good run: ${(error as Error).stack ?? error}`);
      }
    }
    // Files no program covers any more (an import was removed, a file closed) lose their diagnostics.
    for (const uri of [...this.shown]) {
      if (coveredUris.has(uri)) continue;
      void this.connection.sendDiagnostics({ uri, diagnostics: [] });
      this.shown.delete(uri);
      this.sentClosed.delete(uri);
    }
    this.onPublished?.(performance.now() - started);
  }

  /** `version` is the open document's version the diagnostics were computed from, so a client can drop stale ones. */
  private send(uri: string, version: number | undefined, diagnostics: ReturnType<typeof toLspDiagnostic>[]): void {
    this.shown.add(uri);
    if (version === undefined) {
      const payload = JSON.stringify(diagnostics);
      if (this.sentClosed.get(uri) === payload) return;
      this.sentClosed.set(uri, payload);
    } else this.sentClosed.delete(uri);
    void this.connection.sendDiagnostics({ uri, ...(version === undefined ? {} : { version }), diagnostics });
  }
}
