import { spawn } from "node:child_process";
import { createInterface } from "node:readline";

/**
 * Step 5: `helmfile --file bootstrap/helmfile.yaml sync`, spawned in the generated repository.
 * The binary is `$LABC_HELMFILE` or `helmfile` on PATH. helmfile and helm read the same
 * kubeconfig labc resolved (KUBECONFIG, and --kube-context when one was chosen).
 */

/** Where `labc build` writes the helmfile (emit/bootstrap/emit-bootstrap.ts). */
export const HELMFILE = "bootstrap/helmfile.yaml";

export interface HelmfileRun {
  readonly bin: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Every output line (stdout and stderr), as it comes. */
  readonly onLine: (line: string) => void;
  readonly signal: AbortSignal;
}

export function helmfileBinary(env: NodeJS.ProcessEnv): string {
  return env["LABC_HELMFILE"] || "helmfile";
}

/** The arguments: only the releases still to install when some already are (see run-bootstrap). */
export function helmfileArgs(selected: readonly { name: string; namespace: string }[] | "all", kubeContext: string | undefined): string[] {
  const args = ["--file", HELMFILE];
  if (kubeContext !== undefined) args.push("--kube-context", kubeContext);
  if (selected !== "all") for (const r of selected) args.push("--selector", `name=${r.name},namespace=${r.namespace}`);
  args.push("sync", "--hide-notes");
  // With selectors, helmfile would otherwise refuse (or re-sync) the `needs` that are already installed.
  if (selected !== "all") args.push("--skip-needs");
  return args;
}

export class HelmfileMissingError extends Error {}

export function runHelmfile(run: HelmfileRun): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(run.bin, [...run.args], { cwd: run.cwd, env: run.env, stdio: ["ignore", "pipe", "pipe"] });
    const onAbort = () => child.kill("SIGTERM");
    run.signal.addEventListener("abort", onAbort, { once: true });
    for (const stream of [child.stdout, child.stderr]) createInterface({ input: stream }).on("line", run.onLine);
    child.on("error", (error: NodeJS.ErrnoException) => {
      run.signal.removeEventListener("abort", onAbort);
      reject(error.code === "ENOENT" ? new HelmfileMissingError(`cannot run ${run.bin}: not found; install helmfile (and helm), or set LABC_HELMFILE`) : error);
    });
    child.on("close", (code, signal) => {
      run.signal.removeEventListener("abort", onAbort);
      resolve(code ?? (signal ? 128 + 15 : 1));
    });
  });
}
