import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, realpathSync, type Stats } from "node:fs";
import { isAbsolute, relative, sep } from "node:path";
import { describeFsError } from "./write-error.js";

/**
 * The one way labc reads a file the user (or a repository someone cloned) supplies: the .lab
 * files, the files they name with file("…") (Talos patches, secrets) and the secret files beside
 * them. A hostile repository must not make `labc check` or the language server hang or exhaust
 * memory, so only regular files are read (a FIFO, a device such as /dev/zero, a directory or a
 * socket is refused before it is opened, and the open itself is non-blocking), never more than
 * a size cap, and, when a project root is given, never a file whose real path (after every
 * symbolic link) lies outside it.
 */

/** The cap for a .lab file: far above any real cluster description (the examples are < 20 KB). */
export const MAX_LAB_BYTES = 1024 * 1024;
/** The cap for a file named with file("…"): a Talos patch, a secret, tunnel credentials. */
export const MAX_FILE_BYTES = 1024 * 1024;
/** The cap for a SOPS file labc reads (the store, .sops.yaml, encrypted outputs): roomy, since they grow with the cluster. */
export const MAX_SOPS_BYTES = 16 * 1024 * 1024;

export type InputProblem = "missing" | "directory" | "not-regular" | "too-large" | "outside" | "unreadable";

/** Why a file was not read; `message` is a clause ("it is a FIFO, not a regular file"), never the file's content. */
export class InputError extends Error {
  readonly code: string;
  constructor(
    readonly path: string,
    readonly problem: InputProblem,
    reason: string,
    errno?: string,
  ) {
    super(reason);
    // ENOENT and EISDIR keep the errno names callers already test for.
    this.code = errno ?? (problem === "missing" ? "ENOENT" : problem === "directory" ? "EISDIR" : `LABC_${problem.toUpperCase().replace("-", "_")}`);
  }
}

export interface ReadInputOptions {
  /** Default MAX_LAB_BYTES. */
  readonly maxBytes?: number;
  /** When set, the file's real path must lie inside this directory's real path. */
  readonly root?: string;
}

export function readInput(path: string, options: ReadInputOptions = {}): string {
  const max = options.maxBytes ?? MAX_LAB_BYTES;
  let link: Stats;
  try {
    link = lstatSync(path);
  } catch (error) {
    throw fromErrno(path, error);
  }
  let real = path;
  if (link.isSymbolicLink() || options.root !== undefined) {
    try {
      real = realpathSync(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT" || code === "ELOOP") throw new InputError(path, "missing", "it is a symbolic link that leads nowhere", code);
      throw fromErrno(path, error);
    }
  }
  if (options.root !== undefined) {
    let root = options.root;
    try {
      root = realpathSync(options.root);
    } catch {
      // A root that does not resolve confines to its literal path.
    }
    if (!inside(root, real)) throw new InputError(path, "outside", `it leads to ${real}, outside the project directory ${root}`);
  }
  let st: Stats;
  try {
    st = link.isSymbolicLink() ? lstatSync(real) : link;
  } catch (error) {
    throw fromErrno(path, error);
  }
  refuseKind(path, st, max);
  let fd: number;
  try {
    // O_NONBLOCK: should the file be swapped for a FIFO after the check, open still returns at once.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw fromErrno(path, error);
  }
  try {
    refuseKind(path, fstatSync(fd), max);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(64 * 1024, max + 1 - total));
      let n: number;
      try {
        n = readSync(fd, chunk, 0, chunk.length, null);
      } catch (error) {
        throw fromErrno(path, error);
      }
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      // The file grew after fstat: stop at the cap rather than follow it.
      if (total > max) throw tooLarge(path, max);
    }
    const text = Buffer.concat(chunks, total).toString("utf8");
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } finally {
    closeSync(fd);
  }
}

/** True when `path` is `root` or below it (both absolute and already resolved). */
export function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (!isAbsolute(rel) && rel !== ".." && !rel.startsWith(`..${sep}`));
}

/** A short reason for any error thrown while reading an input, for a diagnostic. */
export function describeReadError(error: unknown): string {
  return error instanceof InputError ? error.message : describeFsError(error).split("\n")[0]!;
}

/** What is there instead of a regular file, as a clause ("it is a directory"); undefined for a regular file. */
export function notRegularFile(st: Stats): string | undefined {
  if (st.isFile()) return undefined;
  return st.isDirectory() ? "it is a directory" : `it is ${kindOf(st)}, not a regular file`;
}

function refuseKind(path: string, st: Stats, max: number): void {
  const what = notRegularFile(st);
  if (what) throw new InputError(path, st.isDirectory() ? "directory" : "not-regular", what);
  if (st.size > max) throw tooLarge(path, max);
}

function tooLarge(path: string, max: number): InputError {
  return new InputError(path, "too-large", `it is larger than ${max >= 1024 * 1024 ? `${max / (1024 * 1024)} MiB` : `${max} bytes`}, the most labc reads from one file`);
}

function kindOf(st: Stats): string {
  if (st.isFIFO()) return "a FIFO (named pipe)";
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  if (st.isSocket()) return "a socket";
  return "not a file";
}

function fromErrno(path: string, error: unknown): InputError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT" || code === "ENOTDIR") return new InputError(path, "missing", "no such file", "ENOENT");
  if (code === "EISDIR") return new InputError(path, "directory", "it is a directory");
  return new InputError(path, "unreadable", describeFsError(error), code);
}
