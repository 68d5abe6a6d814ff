import { closeSync, fsyncSync, lstatSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { describeFsError, WriteError } from "./write-error.js";

/**
 * Writes through a temporary file and a rename, so a reader never sees half a file. A folder,
 * FIFO or device at `path` is refused, and every failure is a WriteError that names the path.
 */
export function writeFileAtomically(path: string, content: string, mode = 0o644): void {
  const st = lstatSync(path, { throwIfNoEntry: false });
  if (st && !st.isFile() && !st.isSymbolicLink()) {
    const what = st.isDirectory() ? "a folder" : st.isFIFO() ? "a FIFO (named pipe)" : "not a regular file";
    throw new WriteError(`cannot write ${path}: it is ${what}; move it away and try again`, path);
  }
  const temp = `${path}.labc-${process.pid}.tmp`;
  try {
    // These are the files that cannot be made again (the store, the Talos bundle, machine
    // configs): on disk before the rename, and the rename itself on disk, so a power cut leaves
    // the old file or the new one, never an empty one.
    const fd = openSync(temp, "w", mode);
    try {
      const bytes = Buffer.from(content, "utf8");
      for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
    syncDir(dirname(path));
  } catch (error) {
    rmSync(temp, { force: true });
    throw new WriteError(`cannot write ${path}: ${describeFsError(error)}`, path);
  }
}

/** Makes a rename in `dir` durable; where a folder cannot be synced (some file systems), the rename stands as it is. */
function syncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, "r");
    fsyncSync(fd);
  } catch {
    // EINVAL/EISDIR/EPERM: nothing more can be done for durability here.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
