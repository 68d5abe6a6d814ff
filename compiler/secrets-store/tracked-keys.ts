import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { basename, dirname, join } from "node:path";

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
  if (!insideWorkTree(dir)) return [];
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

function insideWorkTree(dir: string): boolean {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, ".git"))) return true;
    if (dirname(d) === d) return false;
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
 * on the other core meanwhile. Never rejects (no git is nothing to warn about).
 */
export async function trackedPrivateKeysAsync(dir: string): Promise<string[]> {
  if (!insideWorkTree(dir)) return [];
  const listed = await gitAsync(dir, LS_FILES);
  if (!listed.ok) return [];
  const candidates = keyCandidates(listed.stdout);
  const rules = await Promise.all(candidates.map((path) => gitAsync(dir, CHECK_IGNORE(path))));
  return candidates.filter((_, i) => !reincluded(rules[i]!.stdout));
}
