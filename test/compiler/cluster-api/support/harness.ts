import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fixtureEnv } from "../../../golden/cases.js";
import { repoPath } from "../../../support/paths.js";
import { removeDir, tempDir } from "../../../support/tree.js";
import { ControlPlane } from "../../../support/real-kube-api/control-plane.js";
import type { KubeApi } from "../../../support/real-kube-api/client.js";

/**
 * A scratch project for the cluster commands: the homelab example built into `repo/`, a real
 * kube-apiserver of its own (test/support/real-kube-api/) with `repo/kubeconfig` pointing at
 * it, and the real labc binary run asynchronously (tests seed the server while labc runs).
 *
 * helmfile (and the Helm it drives) is the one stand-in: test/support/fake-helmfile records its
 * arguments and writes the release Secrets Helm would, through the real API.
 */

export const FAKE_HELMFILE = repoPath("test", "support", "fake-helmfile", "helmfile.mjs");

/** Plaintext that must never appear in any output. */
export const SECRET_PLAINTEXTS = [fixtureEnv["LABC_FIXTURE_CLOUDFLARE_TOKEN"]!, "AGE-SECRET-KEY-", "Zml4dHVyZS10dW5uZWwtc2VjcmV0"];

export interface Project {
  readonly dir: string;
  readonly cluster: ControlPlane;
  /** The tests' own client (user `seeder`); labc connects as `admin`. */
  readonly api: KubeApi;
  readonly env: NodeJS.ProcessEnv;
  readonly helmfileLog: string;
  /** Stops the server and removes the project. */
  close(): Promise<void>;
}

let built: string | undefined;

/** Builds the homelab example once per test process; every project copies the result. */
function builtExample(): string {
  if (built) return built;
  const dir = tempDir("cluster-api-build");
  // Shared by every project of this test process, so it goes when the process does.
  process.once("exit", () => removeDir(dir));
  cpSync(repoPath("examples", "homelab"), join(dir, "lab"), { recursive: true });
  const run = spawnSync(process.execPath, [repoPath("bin", "labc.js"), "build", "lab/cluster.lab", "--out", "repo"], { cwd: dir, env: { PATH: process.env["PATH"], HOME: dir, ...fixtureEnv }, encoding: "utf8" });
  if (run.status !== 0) throw new Error(`labc build failed: ${run.stderr}`);
  built = dir;
  return dir;
}

export async function project(): Promise<Project> {
  const dir = tempDir("cluster-api");
  cpSync(builtExample(), dir, { recursive: true });
  mkdirSync(join(dir, "home"), { recursive: true });
  let cluster: ControlPlane;
  try {
    cluster = await ControlPlane.start();
  } catch (error) {
    removeDir(dir);
    throw error;
  }
  cluster.writeKubeconfig(join(dir, "repo"));
  const helmfileLog = join(dir, "helmfile.log");
  writeFileSync(helmfileLog, "");
  const env = { PATH: process.env["PATH"], HOME: join(dir, "home"), LABC_HELMFILE: FAKE_HELMFILE, FAKE_HELMFILE_LOG: helmfileLog };
  return { dir, cluster, api: cluster.api, env, helmfileLog, close: async () => (await cluster.stop(), removeDir(dir)) };
}

export interface Result {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface Running {
  readonly child: ChildProcess;
  output(): string;
  /** Resolves once stdout+stderr match, rejects after `ms`. */
  waitFor(pattern: RegExp, ms?: number): Promise<void>;
  readonly done: Promise<Result>;
}

/** Starts `labc …` in its own process group (so a test can kill it and its helmfile together). */
export function start(p: Pick<Project, "dir" | "env">, args: string[], env: NodeJS.ProcessEnv = {}): Running {
  const child = spawn(process.execPath, [repoPath("bin", "labc.js"), ...args], { cwd: p.dir, env: { ...p.env, ...env }, detached: true });
  let stdout = "";
  let stderr = "";
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  const check = () => {
    for (const w of [...waiters]) if (w.pattern.test(stdout + stderr)) (waiters.splice(waiters.indexOf(w), 1), w.resolve());
  };
  child.stdout!.on("data", (d: Buffer) => ((stdout += d.toString()), check()));
  child.stderr!.on("data", (d: Buffer) => ((stderr += d.toString()), check()));
  const done = new Promise<Result>((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
  return {
    child,
    output: () => stdout + stderr,
    done,
    waitFor: (pattern, ms = 15_000) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}; output so far:\n${stdout}${stderr}`)), ms);
        waiters.push({ pattern, resolve: () => (clearTimeout(timer), resolve()) });
        check();
      }),
  };
}

export function labc(p: Pick<Project, "dir" | "env">, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Result> {
  return start(p, args, env).done;
}

export function helmfileCalls(p: Project): { args: string[]; cwd: string; kubeconfig: string }[] {
  return readFileSync(p.helmfileLog, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
}

export const CRDS_DIR = repoPath("test", "fixtures", "crds");
export const BOOTSTRAP = ["bootstrap", "apps", "lab/cluster.lab", "--out", "repo", "--crds", CRDS_DIR];
export { controlPlaneOptions } from "../../../support/real-kube-api/control-plane.js";
