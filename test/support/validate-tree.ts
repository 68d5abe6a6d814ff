import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from "node:fs";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sharedPath } from "./paths.js";

/**
 * Runs the shared validate-tree.mjs. Its dependencies (ajv, yaml) are not labc's, and the shared
 * folder may be read-only, so when they are not installed there the tool is copied to a temp
 * folder keyed by its lockfile and installed once with `npm ci`.
 */
export interface ValidateResult {
  readonly status: number;
  readonly output: string;
}

const toolFiles = ["package.json", "package-lock.json", "validate-tree.mjs", ".npmrc"];

let cached: string | undefined;

/** The folder holding a runnable validate-tree.mjs; installing it is part of the test, so failure throws. */
export function validatorDir(): string {
  if (cached !== undefined) return cached;
  const shared = sharedPath("tools");
  if (existsSync(join(shared, "node_modules", "ajv"))) return (cached = shared);
  const fromEnv = process.env["LABC_VALIDATE_TREE_DIR"];
  if (fromEnv && existsSync(join(fromEnv, "node_modules", "ajv"))) return (cached = fromEnv);
  const lock = readFileSync(join(shared, "package-lock.json"));
  const target = join(tmpdir(), `labc-validate-tree-${createHash("sha256").update(lock).digest("hex").slice(0, 12)}`);
  if (existsSync(join(target, "node_modules", "ajv"))) return (cached = target);
  // Install into a private folder and rename it into place, so parallel test files never see a half-installed tool.
  const staging = mkdtempSync(`${target}-staging-`);
  for (const file of toolFiles) {
    if (existsSync(join(shared, file))) copyFileSync(join(shared, file), join(staging, file));
  }
  const npm = spawnSync("npm", ["ci", "--no-audit", "--no-fund", "--prefix", staging], { encoding: "utf8" });
  if (npm.status !== 0) {
    rmSync(staging, { recursive: true, force: true });
    throw new Error(`npm ci for validate-tree failed:\n${npm.stderr}`);
  }
  try {
    renameSync(staging, target);
  } catch {
    rmSync(staging, { recursive: true, force: true }); // another process won the race
  }
  if (!existsSync(join(target, "node_modules", "ajv"))) throw new Error(`validate-tree did not install into ${target}`);
  return (cached = target);
}

export function validateTree(dir: string, args: readonly string[] = []): ValidateResult {
  const tool = validatorDir();
  const run = spawnSync(
    process.execPath,
    [join(tool, "validate-tree.mjs"), "--schemas", sharedPath("schemas"), ...args, dir],
    { encoding: "utf8" },
  );
  return { status: run.status ?? -1, output: `${run.stdout}${run.stderr}` };
}

/** validate-tree for Talos machine configs of one release line (`newest` = 1.14). */
export function validateTalosTree(dir: string, talos: string): ValidateResult {
  return validateTree(dir, ["--talos", talos]);
}
