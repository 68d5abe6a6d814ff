import type { Stats } from "node:fs";
import { join } from "node:path";
import { describeFsError, fsStep, WriteError } from "../files/write-error.js";
import { realWriterFs, type WriterFs } from "./writer-fs.js";

/**
 * What is at `out/rel` now, checked on the way down: labc never writes through a symbolic link
 * inside the output (a link there would send generated files elsewhere, and replacing it would
 * drop the user's link), so a link, or a file where a folder belongs, or a folder, FIFO or
 * device where a file belongs, stops the write before anything changes. The output folder
 * itself may be a link. Undefined when nothing is there yet. `folders` (relative paths) holds the
 * folders found real by earlier calls of one pass over the tree, so each is looked at once.
 * `known` is what a look at the file itself found moments ago (the build cache's): then only the
 * folders on the way are looked at.
 */
export function inspectTarget<K extends Pick<Stats, "mode">>(fs: WriterFs, out: string, rel: string, folders?: Set<string>, known?: K): Stats | K | undefined {
  const parts = rel.split("/");
  let path = out;
  for (let i = 0; i < parts.length; i++) {
    path = join(path, parts[i]!);
    const last = i === parts.length - 1;
    if (last && known) return known;
    const folder = last ? undefined : parts.slice(0, i + 1).join("/");
    if (folder !== undefined && folders?.has(folder)) continue;
    const st = fsStep(path, "look at", () => fs.lstat(path));
    if (!st) return undefined;
    if (st.isSymbolicLink()) {
      let to = "?";
      try {
        to = fs.readlink(path);
      } catch {
        // Shown as "?"; the refusal does not depend on it.
      }
      throw new WriteError(
        `${path} is a symbolic link (to ${to}) where labc writes ${last ? "a file" : "the folder"} ${parts.slice(0, i + 1).join("/")}; labc never writes through a link inside the output. Replace the link with ${last ? "a file" : "a real folder"} (rm ${path}, then build again)`,
        path,
      );
    }
    if (!last && !st.isDirectory()) throw new WriteError(`${path} is ${kind(st)} where labc writes the folder ${parts.slice(0, i + 1).join("/")}/; move it away and build again`, path);
    if (folder !== undefined) folders?.add(folder);
    if (last && !st.isFile()) throw new WriteError(`${path} is ${kind(st)} where labc writes a file; move it away and build again`, path);
    if (last) return st;
  }
  return undefined;
}

/**
 * The previous output's copy of `rel`, for comparing and for re-encrypting with the same data
 * key; undefined when there is none. Only a regular file is read (a FIFO would block forever).
 */
export function readPreviousOutput(out: string, rel: string, fs: WriterFs = realWriterFs, folders?: Set<string>): string | undefined {
  if (!inspectTarget(fs, out, rel, folders)) return undefined;
  const path = join(out, rel);
  try {
    return fs.readFile(path);
  } catch (error) {
    throw new WriteError(`cannot read the previous output file ${path}: ${describeFsError(error)}; labc reads it to keep unchanged files as they are. Fix its permissions or move it away, then build again`, path);
  }
}

function kind(st: Stats): string {
  if (st.isDirectory()) return "a folder";
  if (st.isFIFO()) return "a FIFO (named pipe)";
  if (st.isSocket()) return "a socket";
  if (st.isCharacterDevice() || st.isBlockDevice()) return "a device";
  return "a file";
}
