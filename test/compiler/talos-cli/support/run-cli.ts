import { spawnSync } from "node:child_process";
import { pathToFileURL } from "node:url";
import { repoPath, userCacheHome } from "../../../support/paths.js";

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the CLI from the tsc output in a child process (real exit code, cwd and environment),
 * so these tests need only `tsc`, not the esbuild bundle bin/labc.js loads.
 */
export function labc(args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): CliRun {
  const main = pathToFileURL(repoPath("dist", "compiler", "cli", "main.js")).href;
  const script = `import { main } from ${JSON.stringify(main)}; process.exitCode = await main(process.argv.slice(1));`;
  const run = spawnSync(process.execPath, ["--input-type=module", "-e", script, ...args], {
    cwd: options.cwd,
    env: { PATH: process.env["PATH"], HOME: options.cwd, XDG_CACHE_HOME: userCacheHome, ...options.env },
    encoding: "utf8",
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}
