// The real sops as every interop test runs it: nothing of the developer's environment, and the
// repository's test identities (the examples' demo key, key-groups' CI key) as the only keys.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fixturesRoot, repoPath } from "../../support/paths.js";
import { removeDir, tempDir } from "../../support/tree.js";
import { toolPath, type ToolRun } from "./tools.js";

export const demoKeyFile = repoPath("examples", "homelab", "age.key");
export const identitiesIn = (path: string) => readFileSync(path, "utf8").split("\n").filter((l) => l.startsWith("AGE-SECRET-KEY-"));
export const demoIdentity = identitiesIn(demoKeyFile)[0]!;
/** The key-groups fixture's CI key (group 2); the demo key is one of group 1's. */
export const ciIdentity = identitiesIn(join(fixturesRoot, "key-groups", "age.key"))[0]!;

let home: string | undefined;

/**
 * The real sops with nothing of the developer's environment: HOME is an empty folder (no
 * ~/.config/sops/age/keys.txt, no user config), and only the age key variables are set.
 */
export function sops(args: readonly string[], options: { cwd: string; keyFile?: string; key?: string; input?: string }): ToolRun {
  if (home === undefined) {
    const made = tempDir("sops-home");
    // One empty HOME per test process, removed with it.
    process.once("exit", () => removeDir(made));
    home = made;
  }
  const env: Record<string, string> = { HOME: home };
  if (options.keyFile !== undefined) env["SOPS_AGE_KEY_FILE"] = options.keyFile;
  if (options.key !== undefined) env["SOPS_AGE_KEY"] = options.key;
  const run = spawnSync(toolPath("sops"), [...args], { cwd: options.cwd, env, input: options.input, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, timeout: 120_000 });
  if (run.error) throw run.error;
  return { status: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
}

/** sops' stderr is safe to show: it names keys and files, and prints no plaintext on failure. */
export function assertSopsOk(run: ToolRun, what: string): void {
  assert.equal(run.status, 0, `sops ${what} failed: ${run.stderr}`);
}
