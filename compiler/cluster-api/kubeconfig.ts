import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, join, resolve } from "node:path";
import { ClusterAccessError } from "./errors.js";

/**
 * Which kubeconfig to use, like kubectl: `--kubeconfig`, else `$KUBECONFIG` (a list, merged in
 * order, missing files skipped), else `~/.kube/config`. One addition: the generated repository's
 * own `kubeconfig` (where `labc talos commands kubeconfig` writes the admin kubeconfig, and what
 * cluster-template's .mise.toml points KUBECONFIG at) comes before `~/.kube/config`, so running
 * labc in a project never bootstraps whatever cluster the home config happens to select.
 */

export type KubeconfigSource = "--kubeconfig" | "KUBECONFIG" | "repository" | "home";

export interface KubeconfigChoice {
  readonly files: readonly string[];
  readonly source: KubeconfigSource;
}

export interface FindKubeconfigOptions {
  readonly flag?: string | undefined;
  readonly env?: NodeJS.ProcessEnv;
  /** The generated repository (the build's output directory). */
  readonly repoDir?: string;
  readonly home?: string;
  readonly cwd?: string;
}

export function findKubeconfig(options: FindKubeconfigOptions): KubeconfigChoice {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  if (options.flag !== undefined) {
    const file = resolve(cwd, options.flag);
    if (!existsSync(file)) throw new ClusterAccessError(`--kubeconfig ${options.flag}: no such file`);
    return { files: [file], source: "--kubeconfig" };
  }
  const list = env["KUBECONFIG"];
  if (list) {
    const files = list.split(delimiter).filter(Boolean).map((f) => resolve(cwd, f)).filter((f) => existsSync(f));
    if (files.length === 0) throw new ClusterAccessError(`none of the files in $KUBECONFIG exist (${list})`);
    return { files, source: "KUBECONFIG" };
  }
  const searched: string[] = [];
  if (options.repoDir) {
    const repo = join(options.repoDir, "kubeconfig");
    searched.push(repo);
    if (existsSync(repo)) return { files: [repo], source: "repository" };
  }
  const home = join(options.home ?? env["HOME"] ?? homedir(), ".kube", "config");
  searched.push(home);
  if (existsSync(home)) return { files: [home], source: "home" };
  throw new ClusterAccessError(`no kubeconfig found; looked in ${searched.join(", ")}. Fetch one with \`labc talos commands kubeconfig\`, or pass --kubeconfig`);
}
