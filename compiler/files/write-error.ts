/**
 * A write that cannot go ahead, with a sentence for the user (LAB5001): the path, what is in the
 * way and what to do. The build reports it as a diagnostic, never as "internal error".
 */
export class WriteError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
    this.name = "WriteError";
  }
}

const ERRNO_PHRASES: Readonly<Record<string, string>> = {
  EACCES: "permission denied",
  EPERM: "permission denied",
  ENOENT: "no such file",
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
  EROFS: "the file system is read-only",
  EISDIR: "it is a directory",
  ENOTDIR: "a part of the path is not a directory",
  EXDEV: "it is on another file system",
  EBUSY: "it is busy (a mount point?)",
  ENOTEMPTY: "the directory is not empty",
  EIO: "an I/O error",
};

/**
 * An errno from the file system, for reads and writes alike, as a phrase a user can act on, with
 * the code to search for: "permission denied (EACCES)", "no space left on the device (ENOSPC)".
 */
export function describeFsError(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  const phrase = e.code ? ERRNO_PHRASES[e.code] : undefined;
  if (phrase) return `${phrase} (${e.code})`;
  return e.code ? `${e.code}: ${String(e.message).replace(/^[A-Z]+: /, "")}` : String(e.message ?? e);
}

/** Runs one file-system step; an errno becomes a WriteError naming `path`. */
export function fsStep<T>(path: string, what: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof WriteError) throw error;
    throw new WriteError(`cannot ${what} ${path}: ${describeFsError(error)}`, path);
  }
}
