import { lstatSync, readlinkSync, statSync } from "node:fs";
import { InputError, MAX_SOPS_BYTES, notRegularFile, readInput } from "./read-input.js";
import { describeFsError } from "./write-error.js";

/** What is at the path of a file labc keeps beside cluster.lab (the Talos bundle, the secret store). */
export type ProjectFileRead =
  | { readonly kind: "file"; readonly text: string }
  | { readonly kind: "missing" }
  /** Something is there but cannot be read as a file; `why` is a clause ("it is a directory"), never any content. */
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
    return { kind: "unreadable", why: describeFsError(error) };
  }
  let target = link;
  if (link.isSymbolicLink()) {
    try {
      target = statSync(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const to = safeReadlink(path);
      if (code === "ENOENT") return { kind: "unreadable", why: `it is a symlink to ${to}, which does not exist` };
      if (code === "ELOOP") return { kind: "unreadable", why: `it is a symlink loop (${to})` };
      return { kind: "unreadable", why: `it is a symlink to ${to}, which cannot be read (${describeFsError(error)})` };
    }
  }
  const notFile = notRegularFile(target);
  if (notFile) return { kind: "unreadable", why: notFile };
  try {
    // The open and the read itself: non-blocking, re-checked on the open file, size-capped.
    return { kind: "file", text: readInput(path, { maxBytes: MAX_SOPS_BYTES }) };
  } catch (error) {
    return { kind: "unreadable", why: error instanceof InputError ? error.message : describeFsError(error) };
  }
}

function safeReadlink(path: string): string {
  try {
    return readlinkSync(path);
  } catch {
    return "an unreadable target";
  }
}
