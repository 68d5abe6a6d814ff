import { closeSync, openSync, readFileSync, realpathSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { alive } from "./recover-output.js";

/** Beside cluster.lab: every command that writes the output or the files beside cluster.lab holds it. */
export const LOCK_FILE = ".labc.lock";

interface Holder {
  readonly pid: number;
  readonly host: string;
  readonly started: string;
  readonly command: string;
  /** The project folder the lock was taken in (real path): a lock copied with the folder is not the copy's. */
  readonly root?: string;
}

/** Another labc holds the lock; the message says who and what to do. */
export class LockBusy extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
    this.name = "LockBusy";
  }
}

export interface ProjectLock {
  readonly path: string;
  /** Set when a lock of a process that is gone was taken over. */
  readonly note?: string;
  release(): void;
}

/**
 * Takes `<root>/.labc.lock` (created exclusively, holding pid, host, start time, command and the
 * folder), so two labc runs never interleave their writes. A lock whose process is gone (same
 * host, no such pid), that cannot be read (its writer died before finishing it) or that names
 * another folder (copied along with the project while a labc ran there) is taken over, with a
 * note; a live one, or one from another host, is a LockBusy.
 */
/**
 * As lockProject, but while another live labc holds the lock, waits up to `waitMs` for it to
 * finish (`labc build --wait`; tests that build one fixture from several processes).
 */
export function lockProjectWaiting(root: string, command: string, waitMs: number): ProjectLock {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      return lockProject(root, command);
    } catch (error) {
      if (!(error instanceof LockBusy) || Date.now() >= deadline) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
}

export function lockProject(root: string, command: string): ProjectLock {
  const path = join(root, LOCK_FILE);
  const me: Holder = { pid: process.pid, host: hostname(), started: new Date().toISOString(), command, root: realRoot(root) };
  let note: string | undefined;
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const fd = openSync(path, "wx", 0o644);
      try {
        writeSync(fd, `${JSON.stringify(me)}\n`);
      } finally {
        closeSync(fd);
      }
      return { path, ...(note ? { note } : {}), release: () => release(path, me) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    let text = readText(path);
    // Created but not written yet by a live run: give it a moment before calling it stale.
    if (text !== undefined && parseHolder(text) === undefined) {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
      text = readText(path);
    }
    if (text === undefined) continue;
    const holder = parseHolder(text);
    const copied = holder?.root !== undefined && holder.root !== me.root;
    if (holder && !copied && (holder.host !== me.host || (alive(holder.pid) && !reused(holder)))) {
      const where = holder.host === me.host ? "" : ` on ${holder.host}`;
      throw new LockBusy(
        `another labc is writing this project: '${holder.command}' (pid ${holder.pid}${where}, started ${holder.started}) holds ${path}; wait for it to finish and try again${holder.host === me.host ? "" : `, or if no labc runs on ${holder.host} any more, delete ${path}`}`,
        path,
      );
    }
    note = copied
      ? `took over the lock ${path}, a copy of the lock of ${holder!.root} (the folder was copied while '${holder!.command}' ran there)`
      : holder
      ? `took over the lock ${path} left by '${holder.command}' (pid ${holder.pid}, started ${holder.started}), which is no longer running`
      : `took over the unreadable lock ${path}, left by a labc that stopped while taking it`;
    // Another run may be taking it over too: remove only the stale text we judged, then create exclusively.
    if (readText(path) === text) {
      try {
        unlinkSync(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      }
    }
  }
  throw new LockBusy(`cannot take the lock ${path}: other labc runs keep taking it; try again`, path);
}

/**
 * A live pid that started after the lock was taken is another process that got the number of a
 * labc that is gone (Linux: the start time in /proc, in the kernel's 100 ticks a second).
 */
function reused(holder: Holder): boolean {
  const taken = Date.parse(holder.started);
  if (Number.isNaN(taken)) return false;
  try {
    const stat = readFileSync(`/proc/${holder.pid}/stat`, "utf8");
    const ticks = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19]);
    const boot = Number(/^btime (\d+)$/m.exec(readFileSync("/proc/stat", "utf8"))?.[1]);
    if (!Number.isFinite(ticks) || !Number.isFinite(boot)) return false;
    return boot * 1000 + ticks * 10 > taken + 2000;
  } catch {
    return false;
  }
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

function realRoot(root: string): string {
  try {
    return realpathSync(root);
  } catch {
    return root;
  }
}

function parseHolder(text: string): Holder | undefined {
  try {
    const parsed = JSON.parse(text) as Partial<Holder>;
    if (typeof parsed.pid === "number" && typeof parsed.host === "string") {
      return { pid: parsed.pid, host: parsed.host, started: String(parsed.started ?? "?"), command: String(parsed.command ?? "labc"), ...(typeof parsed.root === "string" ? { root: parsed.root } : {}) };
    }
  } catch {
    // Unreadable or half-written: treated as stale.
  }
  return undefined;
}

/** Removes the lock only while it is still ours. */
function release(path: string, me: Holder): void {
  try {
    const text = readText(path);
    const holder = text === undefined ? undefined : parseHolder(text);
    if (holder && holder.pid === me.pid && holder.host === me.host && holder.started === me.started) unlinkSync(path);
  } catch {
    // Gone already.
  }
}
