import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from "node:fs";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sharedPath } from "../../../support/paths.js";

/**
 * Locates a runnable shared/tools/validate-tree.mjs. shared/ is read-only and its dependencies
 * are not labc's, so the tool is copied to a temp folder (keyed by its lockfile) and `npm ci`-ed once.
 */
function validatorDir(): string {
  const shared = sharedPath("tools");
  if (existsSync(join(shared, "node_modules", "ajv"))) return shared;
  const lock = readFileSync(join(shared, "package-lock.json"));
  const target = join(tmpdir(), `labc-talos-validate-tree-${createHash("sha256").update(lock).digest("hex").slice(0, 12)}`);
  if (existsSync(join(target, "node_modules", "ajv"))) return target;
  const staging = mkdtempSync(`${target}-staging-`);
  for (const file of ["package.json", "package-lock.json", "validate-tree.mjs", ".npmrc"]) {
    if (existsSync(join(shared, file))) copyFileSync(join(shared, file), join(staging, file));
  }
  const npm = spawnSync("npm", ["ci", "--no-audit", "--no-fund", "--prefix", staging], { encoding: "utf8" });
  if (npm.status !== 0) throw new Error(`npm ci for validate-tree failed:\n${npm.stderr}`);
  try {
    renameSync(staging, target);
  } catch {
    rmSync(staging, { recursive: true, force: true }); // a parallel test file installed it first
  }
  return target;
}

/** Runs validate-tree on a folder of Talos machine configs for one release line (`newest` = 1.14). */
export function validateTalosTree(dir: string, talos: string): { readonly status: number; readonly output: string } {
  const run = spawnSync(
    process.execPath,
    [join(validatorDir(), "validate-tree.mjs"), "--schemas", sharedPath("schemas"), "--talos", talos, dir],
    { encoding: "utf8" },
  );
  return { status: run.status ?? -1, output: `${run.stdout}${run.stderr}` };
}
