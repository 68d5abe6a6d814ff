import { lstatSync, renameSync, writeFileSync, rmSync } from "node:fs";
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
    writeFileSync(temp, content, { mode });
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw new WriteError(`cannot write ${path}: ${describeFsError(error)}`, path);
  }
}
