import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { constants, tmpdir } from "node:os";
import { join } from "node:path";

export class EditorError extends Error {}

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/**
 * A decrypted scratch copy for `labc secret edit`: a 0600 file in a fresh 0700 directory, removed
 * on close, on process exit, and on SIGINT/SIGTERM/SIGHUP (after stopping the editor), so the
 * plaintext never outlives the command.
 */
export class EditSession {
  readonly path: string;
  private readonly dir: string;
  private child: ChildProcess | undefined;
  private closed = false;
  private readonly onSignal = (signal: NodeJS.Signals) => {
    this.child?.kill(signal);
    this.close();
    process.exit(128 + (constants.signals[signal] ?? 1));
  };
  private readonly onExit = () => this.close();

  constructor(fileName: string, plaintext: string) {
    this.dir = mkdtempSync(join(tmpdir(), "labc-edit-"));
    this.path = join(this.dir, fileName);
    for (const s of SIGNALS) process.on(s, this.onSignal);
    process.on("exit", this.onExit);
    try {
      writeFileSync(this.path, plaintext, { mode: 0o600, flag: "wx" });
    } catch (error) {
      this.close();
      throw error;
    }
  }

  /** Runs the editor on the scratch file and waits; a non-zero exit is an EditorError. */
  async runEditor(command: readonly string[]): Promise<void> {
    const [program, ...args] = command;
    if (!program) throw new EditorError("no editor command");
    const child = spawn(program, [...args, this.path], { stdio: "inherit" });
    this.child = child;
    try {
      await new Promise<void>((resolve, reject) => {
        child.once("error", (error) => reject(new EditorError(`cannot run the editor '${program}': ${(error as NodeJS.ErrnoException).code ?? error.message}`)));
        child.once("exit", (code, signal) => {
          if (code === 0) resolve();
          else reject(new EditorError(`the editor '${program}' ${signal ? `was stopped by ${signal}` : `exited with status ${code}`}`));
        });
      });
    } finally {
      this.child = undefined;
    }
  }

  read(): string {
    return readFileSync(this.path, "utf8");
  }

  /** Removes the scratch directory; safe to call more than once. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    rmSync(this.dir, { recursive: true, force: true });
    for (const s of SIGNALS) process.removeListener(s, this.onSignal);
    process.removeListener("exit", this.onExit);
  }
}

/** The editor as sops chooses it: $SOPS_EDITOR, then $EDITOR (split like a shell would), then vim, nano or vi. */
export function editorCommand(env: NodeJS.ProcessEnv, split: (line: string) => string[], onPath: (name: string) => boolean): string[] {
  for (const name of ["SOPS_EDITOR", "EDITOR"]) {
    const value = env[name];
    if (value && value.trim() !== "") return split(value);
  }
  for (const fallback of ["vim", "nano", "vi"]) if (onPath(fallback)) return [fallback];
  throw new EditorError("no editor found: set $EDITOR (or $SOPS_EDITOR)");
}
