import { existsSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { MANIFEST_PATH } from "../../../build/output-manifest.js";
import { StoreError } from "../../../secrets-store/store.js";
import { WriteError } from "../../../files/write-error.js";
import { LockBusy, lockProject } from "../../../build/project-lock.js";
import { SopsError } from "../../../secrets/errors.js";
import { loadSecretProject, type SecretProject } from "../../../secrets-store/project.js";
import { configuredOut } from "../../configured-out.js";
import { resolveTarget } from "../../target.js";
import { UsageError } from "../../usage-error.js";

export async function openProject(file: string | undefined): Promise<SecretProject> {
  const target = await resolveTarget(file, ".");
  return loadSecretProject(target.entry);
}

export interface FoundOutput {
  /** The output folder, or undefined when none was named and none was found. */
  readonly dir: string | undefined;
  /** Where labc looked, for a message when nothing was found. */
  readonly looked: readonly string[];
}

/**
 * The built output to look at: --out, else lab.config.ts's, else the project folder when a build
 * was made in place (it holds labc's manifest), else ./out or out/ beside cluster.lab when there.
 * lab.config.ts is code: it runs only when it is the entry point (no -f FILE given), never for a
 * command that names its file.
 */
export async function findOutput(out: string | undefined, file: string | undefined, root: string): Promise<FoundOutput> {
  if (out !== undefined) return { dir: resolve(out), looked: [] };
  const configured = file === undefined ? await configuredOut() : undefined;
  if (configured !== undefined) return { dir: configured, looked: [] };
  const show = (p: string) => relative(process.cwd(), p) || ".";
  const inPlace = join(root, MANIFEST_PATH);
  if (existsSync(inPlace)) return { dir: root, looked: [] };
  const candidates = [...new Set([resolve("out"), join(root, "out")])];
  const dir = candidates.find((c) => existsSync(c));
  return { dir, looked: [...(file === undefined ? ["lab.config.ts"] : []), show(inPlace), ...candidates.map(show)] };
}

export async function outputDir(out: string | undefined, file: string | undefined, root: string): Promise<string | undefined> {
  return (await findOutput(out, file, root)).dir;
}

/** Store names: what a `secret` declaration accepts, minus the `.pub` suffix `get` reserves. */
export function checkName(name: string | undefined, usage: string): string {
  if (name === undefined || name === "") throw new UsageError(`missing NAME: ${usage}`);
  if (!/^[A-Za-z0-9]([A-Za-z0-9._-]{0,251}[A-Za-z0-9])?$/.test(name) || name.endsWith(".pub") || name === "sops") {
    throw new UsageError(`'${name}' is not a secret name: use letters, digits, '-', '_' and '.', not ending in .pub`);
  }
  return name;
}

/**
 * Known failures become one line on stderr and exit 1; anything else is a bug and propagates.
 * With `lockRoot` (commands that write the store or the output) the run holds the project's lock,
 * as `labc build` does, so the two never interleave.
 */
export async function reportFailures(command: string, run: () => Promise<number>, lockRoot?: string): Promise<number> {
  let lock;
  try {
    if (lockRoot !== undefined) {
      lock = lockProject(lockRoot, `labc secret ${command}`);
      if (lock.note) process.stderr.write(`note: ${lock.note}\n`);
    }
    return await run();
  } catch (error) {
    if (error instanceof StoreError || error instanceof SopsError || error instanceof WriteError || error instanceof LockBusy) {
      process.stderr.write(`labc secret ${command}: ${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    lock?.release();
  }
}
