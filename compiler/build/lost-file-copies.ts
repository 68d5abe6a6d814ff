import { relative } from "node:path";
import { findGitCopy, quote, restoreCommand, type GitCopy } from "./git-copy.js";
import { readProjectFile } from "../files/read-project-file.js";

/** Where a copy of a missing generated-once file (the Talos bundle, the secret store) still is. */
export type LostFileCopy =
  | { readonly where: "output"; readonly path: string; readonly readable: boolean }
  | { readonly where: "git"; readonly path: string; readonly copy: GitCopy };

/**
 * Copies of a file that is gone from `path`: `outputPath` (the build's own copy, if it has one)
 * on disk, then the newest version Git holds of each. Without git, only the disk is searched.
 */
export function findCopies(path: string, outputPath?: string): LostFileCopy[] {
  const copies: LostFileCopy[] = [];
  if (outputPath !== undefined) {
    const read = readProjectFile(outputPath);
    if (read.kind !== "missing") copies.push({ where: "output", path: outputPath, readable: read.kind === "file" });
  }
  const seen = new Set<string>();
  for (const candidate of outputPath === undefined ? [path] : [path, outputPath]) {
    const copy = findGitCopy(candidate);
    if (!copy || seen.has(`${copy.top}\0${copy.repoPath}`)) continue;
    seen.add(`${copy.top}\0${copy.repoPath}`);
    copies.push({ where: "git", path: candidate, copy });
  }
  return copies;
}

/** "a copy is in …; copy it back with …", for every copy, with commands runnable from `cwd`. */
export function describeCopies(copies: readonly LostFileCopy[], dest: string, cwd: string): string {
  const shownDest = relative(cwd, dest) || dest;
  const parts = copies.map((c) => {
    if (c.where === "output") {
      const shown = relative(cwd, c.path) || c.path;
      return c.readable
        ? `a copy is in the output at ${shown}; copy it back with 'cp -p ${quote(shown)} ${quote(shownDest)}'`
        : `something that cannot be read is at the output's ${shown}; if it is the bundle, make it readable and copy it back to ${shownDest}`;
    }
    const at = c.copy.rev === ":" ? "in Git's index (Git tracks the file; only the work tree lost it)" : `in Git history (${c.copy.commit}, path ${c.copy.repoPath})`;
    return `a copy is ${at}; restore it with '${restoreCommand(c.copy, dest, cwd)}'`;
  });
  return parts.join("; ");
}
