import type { WriterFs } from "./writer-fs.js";

/** labc's own folder in the output: the manifest (committed with the output) and, during a write, the journal, stage and backups. */
export const STATE_DIR = ".labc";
export const MANIFEST_PATH = `${STATE_DIR}/manifest.json`;

const NOTE = "The files labc build wrote here. labc deletes a file only when it is listed here and no longer generated; anything else in this tree is yours and is never touched.";

/** The manifest's text for a set of output paths: sorted, so the same build gives the same bytes. */
export function manifestText(paths: Iterable<string>): string {
  const files = [...new Set(paths)].filter((p) => p !== MANIFEST_PATH).sort();
  return `${JSON.stringify({ note: NOTE, files }, null, 2)}\n`;
}

/**
 * The paths the previous build wrote, or undefined when the output has no readable manifest
 * (built by an earlier labc, or the file was damaged): then labc cannot tell its files from
 * the user's and deletes nothing.
 */
export function readManifest(fs: WriterFs, path: string): Set<string> | undefined {
  if (!fs.lstat(path)?.isFile()) return undefined;
  try {
    const parsed = JSON.parse(fs.readFile(path)) as { files?: unknown };
    if (!Array.isArray(parsed.files) || !parsed.files.every((f) => typeof f === "string" && safeRelative(f))) return undefined;
    return new Set(parsed.files as string[]);
  } catch {
    return undefined;
  }
}

/** A manifest entry labc may act on: relative, `/`-separated, no `..`, nothing inside labc's own folder. */
function safeRelative(path: string): boolean {
  const parts = path.split("/");
  return path !== "" && !path.startsWith("/") && !path.includes("\\") && parts.every((p) => p !== "" && p !== "." && p !== "..") && parts[0] !== STATE_DIR;
}
