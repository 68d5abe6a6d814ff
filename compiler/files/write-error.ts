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

/** An errno from the file system, as a phrase: "permission denied", "no space left on the device". */
export function describeFsError(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  switch (e.code) {
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "ENOSPC":
      return "no space left on the device";
    case "EDQUOT":
      return "disk quota exceeded";
    case "EROFS":
      return "the file system is read-only";
    case "EISDIR":
      return "it is a directory";
    case "ENOTDIR":
      return "a part of the path is not a directory";
    case "EXDEV":
      return "it is on another file system";
    case "EBUSY":
      return "it is busy (a mount point?)";
    case "ENOTEMPTY":
      return "the directory is not empty";
    default:
      return e.code ? `${e.code}: ${e.message.replace(/^[A-Z]+: /, "")}` : String(e.message ?? e);
  }
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
