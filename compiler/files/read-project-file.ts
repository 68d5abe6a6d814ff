import { lstatSync, readlinkSync, statSync } from "node:fs";
import { InputError, MAX_SOPS_BYTES, readInput } from "./read-input.js";

/** What is at the path of a file labc keeps beside cluster.lab (the Talos bundle, the secret store). */
export type ProjectFileRead =
  | { readonly kind: "file"; readonly text: string }
  | { readonly kind: "missing" }
  /** Something is there but cannot be read as a file; `why` names what, never any content. */
  | { readonly kind: "unreadable"; readonly why: string };

/**
 * Reads a regular file without ever blocking on it: a FIFO or device is refused before it is
 * opened (opening a FIFO for reading waits for a writer), and the read itself is readInput's, the
 * one bounded reader (non-blocking open, re-checked, size-capped). A dangling
 * symlink is not "missing": someone put a link there, and treating it as missing would make a
 * new bundle over the owner's real one.
 */
export function readProjectFile(path: string): ProjectFileRead {
  let link;
  try {
    link = lstatSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { kind: "missing" };
    return { kind: "unreadable", why: reason(error) };
  }
  let target = link;
  if (link.isSymbolicLink()) {
    try {
      target = statSync(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const to = safeReadlink(path);
      if (code === "ENOENT") return { kind: "unreadable", why: `a symlink to ${to}, which does not exist` };
      if (code === "ELOOP") return { kind: "unreadable", why: `a symlink loop (${to})` };
      return { kind: "unreadable", why: `a symlink to ${to}, which cannot be read (${reason(error)})` };
    }
  }
  const notFile = describeNonFile(target);
  if (notFile) return { kind: "unreadable", why: notFile };
  try {
    // The open and the read itself: non-blocking, re-checked on the open file, size-capped.
    return { kind: "file", text: readInput(path, { maxBytes: MAX_SOPS_BYTES }) };
  } catch (error) {
    return { kind: "unreadable", why: error instanceof InputError ? error.message.replace(/^it is /, "") : reason(error) };
  }
}

function describeNonFile(stats: { isFile(): boolean; isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }): string | undefined {
  if (stats.isFile()) return undefined;
  if (stats.isDirectory()) return "a directory, not a file";
  if (stats.isFIFO()) return "a named pipe (FIFO), not a file";
  if (stats.isSocket()) return "a socket, not a file";
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return "a device, not a file";
  return "not a regular file";
}

function safeReadlink(path: string): string {
  try {
    return readlinkSync(path);
  } catch {
    return "an unreadable target";
  }
}

/** The errno in words a user can act on; the message of an unknown error otherwise. */
export function reason(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  switch (e.code) {
    case "EACCES":
    case "EPERM":
      return "permission denied (EACCES)";
    case "EISDIR":
      return "a directory, not a file";
    case "ENOSPC":
      return "no space left on the device (ENOSPC)";
    case "EDQUOT":
      return "the disk quota is exceeded (EDQUOT)";
    case "EROFS":
      return "the file system is read-only (EROFS)";
    case "ENOTDIR":
      return "a parent of it is not a directory (ENOTDIR)";
    case "EIO":
      return "an I/O error (EIO)";
    default:
      return e.code ? `${e.code}` : e.message ?? String(error);
  }
}
