import { ensureDir } from "../files/ensure-dir.js";
import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { writeFileAtomically } from "../files/write-file.js";

export interface PrivateFile {
  readonly name: string;
  readonly content: string;
}

export interface PrivateWriteResult {
  readonly changed: readonly string[];
  readonly unchanged: readonly string[];
}

/**
 * Writes key-bearing files: the directory is created 0700, each file is written 0600 through a
 * rename (a reader never sees half a file). A file whose bytes are already right is left alone,
 * only its mode is tightened, so a second run touches nothing.
 */
export function writePrivateFiles(dir: string, files: readonly PrivateFile[]): PrivateWriteResult {
  // Only the key directory itself is private; parents (the output repository) keep the umask's mode.
  ensureDir(dirname(dir));
  if (!existsSync(dir)) mkdirSync(dir, { mode: 0o700 });
  const changed: string[] = [];
  const unchanged: string[] = [];
  for (const file of files) {
    const path = join(dir, file.name);
    // Only a regular file is read (a FIFO would block); writeFileAtomically refuses anything else.
    if (lstatSync(path, { throwIfNoEntry: false })?.isFile() && readFileSync(path, "utf8") === file.content) {
      chmodSync(path, 0o600);
      unchanged.push(file.name);
      continue;
    }
    writeFileAtomically(path, file.content, 0o600);
    chmodSync(path, 0o600); // the umask can only clear bits, but be explicit
    changed.push(file.name);
  }
  return { changed, unchanged };
}
