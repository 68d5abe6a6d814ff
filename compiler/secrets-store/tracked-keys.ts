import { spawnSync } from "node:child_process";
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
  const listed = git(dir, ["ls-files", "-z", "--", "*age.key", "*keys.txt", "*.agekey"]);
  if (!listed.ok) return [];
  const candidates = listed.stdout.split("\0").filter((p) => p !== "" && isPrivateKeyName(p));
  return candidates.filter((path) => {
    const rule = git(dir, ["check-ignore", "-v", "--no-index", "--", path]);
    const pattern = rule.stdout.split("\t")[0]?.split(":").slice(2).join(":") ?? "";
    return !pattern.startsWith("!");
  });
}

function insideWorkTree(dir: string): boolean {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, ".git"))) return true;
    if (dirname(d) === d) return false;
  }
}
