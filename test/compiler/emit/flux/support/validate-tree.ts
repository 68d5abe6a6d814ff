import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sharedPath } from "../../../../support/paths.js";

/**
 * Runs /work/shared/tools/validate-tree.mjs. The shared folder is read-only, so when its
 * dependencies are not installed the tool is copied to a cached temp folder and `npm ci` runs there.
 */
function toolDir(): string {
  const shared = sharedPath("tools");
  if (existsSync(join(shared, "node_modules", "ajv"))) return shared;
  const cached = join(tmpdir(), "labc-validate-tree-tools");
  if (!existsSync(join(cached, "node_modules", "ajv"))) {
    mkdirSync(cached, { recursive: true });
    cpSync(shared, cached, { recursive: true });
    const npm = spawnSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: cached, encoding: "utf8" });
    if (npm.status !== 0) throw new Error(`npm ci for validate-tree failed:\n${npm.stderr}`);
  }
  return cached;
}

export interface ValidateResult {
  readonly status: number | null;
  readonly output: string;
}

export function validateTree(dir: string): ValidateResult {
  const tools = toolDir();
  const run = spawnSync(process.execPath, [join(tools, "validate-tree.mjs"), "--schemas", sharedPath("schemas"), "--quiet", dir], {
    encoding: "utf8",
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}
