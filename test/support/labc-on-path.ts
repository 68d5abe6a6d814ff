import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { repoPath } from "./paths.js";

/**
 * A folder holding a `labc` that runs this checkout's bin/labc.js, to put first on PATH: shell
 * lines from docs, the Taskfile or the workflow then run as a user's would.
 */
export function labcOnPath(bin: string): string {
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, "labc"), `#!/bin/sh\nexec "${process.execPath}" "${repoPath("bin", "labc.js")}" "$@"\n`);
  chmodSync(join(bin, "labc"), 0o755);
  return bin;
}
