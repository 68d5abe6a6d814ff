import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from "node:fs";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { upstreamPath } from "./paths.js";

/**
 * Runs the vendored test/upstream/tools/validate-tree.mjs against the vendored schemas. Its
 * dependencies (ajv, yaml) are not labc's, so the tool is copied to a temp folder keyed by the
 * content of its files and installed there once with `npm ci`; nothing is installed into the clone.
 */
export interface ValidateResult {
  readonly status: number;
  readonly output: string;
}

const toolFiles = ["package.json", "package-lock.json", "validate-tree.mjs"];

let cached: string | undefined;

/** The folder holding a runnable validate-tree.mjs; installing it is part of the test, so failure throws. */
export function validatorDir(): string {
  if (cached !== undefined) return cached;
  const source = upstreamPath("tools");
  // The key covers the script too: an edited validator must not reuse an install of an older one.
  const hash = createHash("sha256");
  for (const file of toolFiles) hash.update(file).update("\0").update(readFileSync(join(source, file)));
  const target = join(tmpdir(), `labc-validate-tree-${hash.digest("hex").slice(0, 12)}`);
  if (existsSync(join(target, "node_modules", "ajv"))) return (cached = target);
  // Install into a private folder and rename it into place, so parallel test files never see a half-installed tool.
  const staging = mkdtempSync(`${target}-staging-`);
  for (const file of toolFiles) copyFileSync(join(source, file), join(staging, file));
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
    [join(tool, "validate-tree.mjs"), "--schemas", upstreamPath("schemas"), ...args, dir],
    { encoding: "utf8" },
  );
  return { status: run.status ?? -1, output: `${run.stdout}${run.stderr}` };
}

/** validate-tree for Talos machine configs of one release line (`newest` = 1.14). */
export function validateTalosTree(dir: string, talos: string): ValidateResult {
  return validateTree(dir, ["--talos", talos]);
}
