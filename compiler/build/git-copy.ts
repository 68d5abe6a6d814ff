import { spawnSync } from "node:child_process";
import { existsSync, realpathSync } from "node:fs";
import { basename, dirname, join, relative, sep } from "node:path";

/** A version of a file that Git still holds after the file itself is gone. */
export interface GitCopy {
  /** The work tree's top directory. */
  readonly top: string;
  /** The file's path inside the repository, with forward slashes (what `git show <rev>:<path>` takes). */
  readonly repoPath: string;
  /** A commit holding the file, or ":" for a version staged in the index but not committed. */
  readonly rev: string;
  /** A one-line description of the commit: short hash, date and subject. */
  readonly commit: string;
}

function git(cwd: string, args: string[]): { ok: boolean; stdout: string } {
  const run = spawnSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 20_000, maxBuffer: 64 * 1024 * 1024 });
  return { ok: run.status === 0 && !run.error, stdout: run.stdout ?? "" };
}

/**
 * The newest version of `path` that Git holds: staged in the index, else the newest commit on any
 * ref (`--all`) that added or changed it, so the file exists at that commit. Outside a work tree,
 * without a git binary, or when Git never saw the path, there is none.
 */
export function findGitCopy(path: string): GitCopy | undefined {
  // The folder may be gone too (`rm -r out/talos`) while Git still has the file: ask from the
  // nearest folder that exists, with symlinks resolved so the path compares with Git's top.
  let dir = dirname(path);
  let rest = basename(path);
  while (!existsSync(dir) && dirname(dir) !== dir) {
    rest = join(basename(dir), rest);
    dir = dirname(dir);
  }
  const top = git(dir, ["rev-parse", "--show-toplevel"]);
  if (!top.ok) return undefined;
  const topDir = realpathSync(top.stdout.trim());
  const repoPath = relative(topDir, join(realpathSync(dir), rest)).split(sep).join("/");
  if (repoPath.startsWith("../") || repoPath === "") return undefined;
  if (git(topDir, ["cat-file", "-e", `:${repoPath}`]).ok) return { top: topDir, repoPath, rev: ":", commit: "the index" };
  const found = git(topDir, ["log", "--all", "--diff-filter=AMRC", "-n", "1", "--format=%H%x09%h %cs %s", "--", repoPath]);
  const line = found.ok ? found.stdout.split("\n")[0] ?? "" : "";
  const [rev, commit] = line.split("\t");
  if (!rev || !commit) return undefined;
  // A rename's commit holds the new name; make sure this revision really has the file.
  if (!git(topDir, ["cat-file", "-e", `${rev}:${repoPath}`]).ok) return undefined;
  return { top: topDir, repoPath, rev, commit: `commit ${commit}` };
}

/** The bytes of the Git copy, or undefined when Git cannot show them. */
export function readGitCopy(copy: GitCopy): string | undefined {
  const shown = git(copy.top, ["show", copy.rev === ":" ? `:${copy.repoPath}` : `${copy.rev}:${copy.repoPath}`]);
  return shown.ok ? shown.stdout : undefined;
}

/** The exact shell command that writes the Git copy to `dest`, runnable from `cwd`. */
export function restoreCommand(copy: GitCopy, dest: string, cwd: string): string {
  const inside = !relative(copy.top, existsSync(cwd) ? realpathSync(cwd) : cwd).startsWith("..");
  const object = copy.rev === ":" ? `:${copy.repoPath}` : `${copy.rev}:${copy.repoPath}`;
  const shown = relative(cwd, dest) || dest;
  return `${inside ? "git" : `git -C ${quote(copy.top)}`} show ${quote(object)} > ${quote(shown)}`;
}

/** A word for a POSIX shell command line, quoted only when it needs to be. */
export function quote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
