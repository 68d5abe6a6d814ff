import { realpathSync } from "node:fs";
import { isAbsolute } from "node:path";
import { inside } from "./read-input.js";

/**
 * Where the files a project names may be: inside its root (the directory of the entry
 * cluster.lab, or of lab.config.ts when that is the entry point), unless the user opted out.
 * A .lab file from a cloned repository must not make labc read /etc/shadow into a secret or
 * import a file from elsewhere; `--allow-outside-project` (or LABC_ALLOW_OUTSIDE_PROJECT=1) is
 * the user's explicit say-so, which a repository cannot give itself.
 */
export interface Confinement {
  readonly root: string;
  /** True when the user opted out: every path is allowed. */
  readonly open: boolean;
}

export const ALLOW_OUTSIDE_ENV = "LABC_ALLOW_OUTSIDE_PROJECT";
export const ALLOW_OUTSIDE_FLAG = "--allow-outside-project";

export function allowOutsideFromEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env[ALLOW_OUTSIDE_ENV];
  return v !== undefined && v !== "" && v !== "0" && v !== "false";
}

/**
 * Why `absolutePath` (named as `written`) is out of bounds ("it leads outside the project
 * directory"), or undefined when it is fine. A path
 * that is lexically inside but reaches outside through a symbolic link is refused too.
 */
export function outsideReason(confinement: Confinement | undefined, written: string, absolutePath: string): string | undefined {
  if (!confinement || confinement.open) return undefined;
  const root = confinement.root;
  if (isAbsolute(written) && !inside(root, absolutePath)) return "it is an absolute path outside the project directory";
  if (!inside(root, absolutePath)) return "it leads outside the project directory";
  let real: string;
  try {
    real = realpathSync(absolutePath);
  } catch {
    return undefined; // missing: the read reports it
  }
  let realRoot = root;
  try {
    realRoot = realpathSync(root);
  } catch {
    // keep the literal root
  }
  if (!inside(realRoot, real)) return "it is (or lies under) a symbolic link that leads outside the project directory";
  return undefined;
}

export const OUTSIDE_FIX = `keep the file inside the project directory (beside or below cluster.lab), or run labc with ${ALLOW_OUTSIDE_FLAG} (or ${ALLOW_OUTSIDE_ENV}=1) to allow it`;
