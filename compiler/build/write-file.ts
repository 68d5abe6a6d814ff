import { renameSync, writeFileSync, rmSync } from "node:fs";

/** Writes through a temporary file and a rename, so a reader never sees half a file. */
export function writeFileAtomically(path: string, content: string, mode = 0o644): void {
  const temp = `${path}.labc-${process.pid}.tmp`;
  try {
    writeFileSync(temp, content, { mode });
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
