import { spawn, spawnSync } from "node:child_process";
import { existsSync, lstatSync, readFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { ParsedMemo } from "../files/parsed-memo.js";
import { fingerprintOf } from "../files/fingerprint.js";

/** Names of private key files: labc's and sops' age keys (cluster-template's too). */
function isPrivateKeyName(path: string): boolean {
  const name = basename(path);
  return name === "age.key" || name === "keys.txt" || name.endsWith(".agekey");
}

function git(dir: string, args: string[]): { ok: boolean; stdout: string } {
  const run = spawnSync("git", args, { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  return { ok: run.status === 0 && !run.error, stdout: run.stdout ?? "" };
}

/**
 * Private key files under `dir` that Git tracks (relative to `dir`). Outside a work tree, or
 * without git, there is nothing to warn about. A key that `.gitignore` explicitly re-includes
 * (`!examples/**\/age.key`) was committed on purpose, e.g. a published demo key, and is skipped.
 */
export function trackedPrivateKeys(dir: string): string[] {
  // Every build runs this: spawn git only inside a work tree, and ask only about key-like names.
  if (workTreeRoot(dir) === undefined) return [];
  const listed = git(dir, LS_FILES);
  if (!listed.ok) return [];
  return keyCandidates(listed.stdout).filter((path) => !reincluded(git(dir, CHECK_IGNORE(path)).stdout));
}

const LS_FILES = ["ls-files", "-z", "--", "*age.key", "*keys.txt", "*.agekey"];
const CHECK_IGNORE = (path: string) => ["check-ignore", "-v", "--no-index", "--", path];

function keyCandidates(lsFiles: string): string[] {
  return lsFiles.split("\0").filter((p) => p !== "" && isPrivateKeyName(p));
}

/** check-ignore -v names the deciding pattern: a `!` one re-includes the file. */
function reincluded(checkIgnore: string): boolean {
  return (checkIgnore.split("\t")[0]?.split(":").slice(2).join(":") ?? "").startsWith("!");
}

/** The nearest folder at or above `dir` that holds a `.git`: the work tree's root. */
function workTreeRoot(dir: string): string | undefined {
  for (let d = resolve(dir); ; d = dirname(d)) {
    if (existsSync(join(d, ".git"))) return d;
    if (dirname(d) === d) return undefined;
  }
}

function gitAsync(dir: string, args: string[]): Promise<{ ok: boolean; stdout: string }> {
  return new Promise((resolve) => {
    let stdout = "";
    let child;
    try {
      child = spawn("git", args, { cwd: dir, stdio: ["ignore", "pipe", "ignore"] });
    } catch {
      resolve({ ok: false, stdout: "" });
      return;
    }
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => (stdout += chunk));
    child.on("error", () => resolve({ ok: false, stdout }));
    child.on("close", (code) => resolve({ ok: code === 0, stdout }));
  });
}

/**
 * trackedPrivateKeys without waiting: a build starts it before parsing, so the git processes run
 * on the other core meanwhile. Never rejects (no git is nothing to warn about). With `memo`,
 * Git's answer is kept with what it was read from (gitState): while that is unchanged, no git
 * process runs at all.
 */
export async function trackedPrivateKeysAsync(dir: string, memo: ParsedMemo = ParsedMemo.none()): Promise<string[]> {
  const root = workTreeRoot(dir);
  if (root === undefined) return [];
  const state = gitState(dir, root);
  const known = state === undefined ? undefined : memo.peek<KnownKeys>(GIT_KIND, state.index);
  if (known && state && known.ignores === state.ignores(known.candidates)) return known.tracked;
  const listed = await gitAsync(dir, LS_FILES);
  if (!listed.ok) return [];
  const candidates = keyCandidates(listed.stdout);
  const rules = await Promise.all(candidates.map((path) => gitAsync(dir, CHECK_IGNORE(path))));
  const tracked = candidates.filter((_, i) => !reincluded(rules[i]!.stdout));
  if (state) memo.put<KnownKeys>(GIT_KIND, state.index, { candidates, ignores: state.ignores(candidates), tracked });
  return tracked;
}

const GIT_KIND = "git-tracked-keys";
const GIT_LOCATION = /^GIT_(DIR|WORK_TREE|INDEX_FILE|COMMON_DIR|OBJECT_DIRECTORY|NAMESPACE|CEILING_DIRECTORIES|DISCOVERY_ACROSS_FILESYSTEM|CONFIG\w*)$/;

interface KnownKeys {
  readonly candidates: readonly string[];
  /** The ignore files that decide whether each candidate is re-included, as gitState().ignores gave them. */
  readonly ignores: string;
  readonly tracked: string[];
}

/**
 * What `git ls-files` and `git check-ignore` answer from, as text that changes when it does:
 * `index` is the index file's identity and times (Git replaces the file on every change) and the
 * configuration files; `ignores(paths)` the same of every ignore file on the way to each path.
 * Undefined where labc cannot tell so cheaply: a variable that moves Git's files or adds
 * configuration (GIT_DIR, GIT_CONFIG_…), a .git that is a file (a
 * worktree or submodule), or configuration that includes other files or names an excludes file.
 */
function gitState(dir: string, root: string): { index: string; ignores(paths: readonly string[]): string } | undefined {
  if (Object.keys(process.env).some((k) => GIT_LOCATION.test(k))) return undefined;
  if (!lstatSync(join(root, ".git")).isDirectory()) return undefined;
  const home = process.env["HOME"] ?? "";
  const xdg = process.env["XDG_CONFIG_HOME"] || join(home, ".config");
  const configs = [join(root, ".git", "config"), join(home, ".gitconfig"), join(xdg, "git", "config"), "/etc/gitconfig"];
  for (const config of configs) {
    let text = "";
    try {
      text = readFileSync(config, "utf8");
    } catch {
      continue;
    }
    if (/excludesfile|\[include/i.test(text)) return undefined;
  }
  const index = JSON.stringify([resolve(dir), root, ...[join(root, ".git", "index"), ...configs, join(root, ".git", "info", "exclude"), join(xdg, "git", "ignore")].map(fingerprintOf)]);
  return {
    index,
    ignores: (paths) => {
      const folders = new Set<string>();
      for (const path of paths) for (let d = dirname(resolve(dir, path)); d.startsWith(root); d = dirname(d)) {
        folders.add(d);
        if (d === root) break;
      }
      return JSON.stringify([...folders].sort().map((d) => fingerprintOf(join(d, ".gitignore"))));
    },
  };
}
