import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type Diagnostic,
  type PublishDiagnosticsParams,
} from "vscode-languageserver-protocol/node";

const entry = join(dirname(fileURLToPath(import.meta.url)), "server-entry.js");

/**
 * An editor session against `labc lsp --stdio` in a child process, Volar test-utils style: the
 * real binary, the real protocol library, files in a temporary folder.
 */
export class LspSession {
  readonly diagnostics = new Map<string, Diagnostic[]>();
  readonly logs: string[] = [];
  /** window/showMessage notifications. */
  readonly messages: { type: number; message: string }[] = [];
  /** client/registerCapability requests the server made. */
  readonly registrations: { id: string; method: string; registerOptions?: unknown }[] = [];
  /** The `version` of the last diagnostics published per URI. */
  readonly diagnosticVersions = new Map<string, number | undefined>();
  private readonly waiters: (() => void)[] = [];
  private versions = new Map<string, number>();
  /** What the server answered to initialize. */
  serverCapabilities: Record<string, unknown> = {};

  private constructor(
    readonly dir: string,
    private readonly proc: ChildProcess,
    readonly connection: ProtocolConnection,
  ) {}

  /**
   * `root` is the folder the client names (default: the temporary folder), relative to it;
   * `capabilities` replace the default client capabilities.
   */
  static async start(files: Record<string, string>, env: Record<string, string> | ((dir: string) => Record<string, string>) = {}, opts: { root?: string; capabilities?: object } = {}): Promise<LspSession> {
    const dir = mkdtempSync(join(tmpdir(), "labc-lsp-"));
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    const proc = spawn(process.execPath, [entry], { stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, ...(typeof env === "function" ? env(dir) : env) } });
    proc.stderr!.on("data", () => {});
    const connection = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    const session = new LspSession(dir, proc, connection);
    connection.onNotification("textDocument/publishDiagnostics", (p: PublishDiagnosticsParams) => {
      session.diagnostics.set(p.uri, p.diagnostics);
      session.diagnosticVersions.set(p.uri, p.version);
      for (const w of session.waiters.splice(0)) w();
    });
    connection.onNotification("window/logMessage", (p: { message: string }) => {
      session.logs.push(p.message);
      for (const w of session.waiters.splice(0)) w();
    });
    connection.onNotification("window/showMessage", (p: { type: number; message: string }) => {
      session.messages.push(p);
    });
    connection.onRequest("client/registerCapability", (p: { registrations: { id: string; method: string; registerOptions?: unknown }[] }) => {
      session.registrations.push(...p.registrations);
      return null;
    });
    connection.listen();
    const root = pathToFileURL(join(dir, opts.root ?? ".")).href;
    const init = await connection.sendRequest<{ capabilities: Record<string, unknown> }>("initialize", {
      processId: process.pid,
      rootUri: root,
      workspaceFolders: [{ uri: root, name: "test" }],
      capabilities: opts.capabilities ?? { textDocument: { publishDiagnostics: { relatedInformation: true } } },
    });
    session.serverCapabilities = init.capabilities;
    connection.sendNotification("initialized", {});
    return session;
  }

  uri(name: string): string {
    return pathToFileURL(join(this.dir, name)).href;
  }

  open(name: string, text: string): void {
    this.versions.set(name, 1);
    this.connection.sendNotification("textDocument/didOpen", { textDocument: { uri: this.uri(name), languageId: "lab", version: 1, text } });
  }

  change(name: string, text: string): void {
    const version = (this.versions.get(name) ?? 1) + 1;
    this.versions.set(name, version);
    this.connection.sendNotification("textDocument/didChange", { textDocument: { uri: this.uri(name), version }, contentChanges: [{ text }] });
  }

  /** Resolves once `ok` holds for the diagnostics last published for the file. */
  async diagnosticsFor(name: string, ok: (d: Diagnostic[]) => boolean = () => true, timeoutMs = 5000): Promise<Diagnostic[]> {
    const uri = this.uri(name);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const current = this.diagnostics.get(uri);
      if (current && ok(current)) return current;
      if (Date.now() > deadline) throw new Error(`no matching diagnostics for ${name}; last: ${JSON.stringify(current)}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  }

  async waitForLog(pattern: RegExp, timeoutMs = 5000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.logs.find((l) => pattern.test(l));
      if (hit) return hit;
      if (Date.now() > deadline) throw new Error(`no log line matching ${pattern}; logs: ${this.logs.join("\n")}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  at(name: string, position: { line: number; character: number }) {
    return { textDocument: { uri: this.uri(name) }, position };
  }

  async stop(): Promise<void> {
    try {
      await this.connection.sendRequest("shutdown");
      this.connection.sendNotification("exit");
    } catch {
      // already gone
    }
    await new Promise<void>((resolve) => {
      if (this.proc.exitCode !== null) return resolve();
      const timer = setTimeout(() => {
        this.proc.kill();
        resolve();
      }, 2000);
      this.proc.on("exit", () => {
        clearTimeout(timer);
        resolve();
      });
    });
    this.connection.dispose();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export function writeFile(dir: string, name: string, text: string): void {
  writeFileSync(join(dir, name), text);
}
