import { stringify } from "yaml";
import { removeDir, tempDir } from "../../support/tree.js";
import { spawnSync } from "node:child_process";
import { toolPath, type ToolRun } from "./tools.js";

/**
 * `flux build kustomization … --dry-run`, offline: HOME is an empty temp dir and KUBECONFIG names a
 * file that does not exist, so the CLI has no cluster to dial. With `kustomization` given as an
 * object it is piped on stdin (it may carry decrypted substitution values), never written.
 */
export interface FluxBuild {
  readonly name: string;
  readonly namespace: string;
  /** The manifests directory (spec.path resolved against the tree root). */
  readonly path: string;
  readonly kustomization: { readonly file: string } | { readonly object: unknown };
  readonly strictSubstitute?: boolean;
  /** Follow the Kustomizations in the output, their GitRepository sources read from these folders (`Kind/namespace/name` → path). */
  readonly recursive?: Readonly<Record<string, string>>;
}

export function fluxBuild(b: FluxBuild): ToolRun {
  const home = tempDir("flux-home");
  try {
    const fromStdin = "object" in b.kustomization;
    const args = [
      "build", "kustomization", b.name,
      "--namespace", b.namespace,
      "--path", b.path,
      "--kustomization-file", fromStdin ? "/dev/stdin" : (b.kustomization as { file: string }).file,
      "--dry-run",
      ...(b.strictSubstitute ? ["--strict-substitute"] : []),
      ...(b.recursive ? ["--recursive", "--local-sources", Object.entries(b.recursive).map(([k, v]) => `${k}=${v}`).join(",")] : []),
    ];
    // Node hands a child a socket for stdin, which flux cannot open(2) as /dev/stdin: `cat |` makes it a pipe.
    const run = spawnSync("bash", ["-c", 'cat | "$0" "$@"', toolPath("flux"), ...args], {
      env: { PATH: process.env["PATH"] ?? "/usr/bin:/bin", HOME: home, KUBECONFIG: `${home}/no-such-kubeconfig` },
      input: fromStdin ? stringify((b.kustomization as { object: unknown }).object) : "",
      encoding: "utf8",
      maxBuffer: 256 * 1024 * 1024,
      timeout: 300_000,
    });
    if (run.error) throw run.error;
    return { status: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
  } finally {
    removeDir(home);
  }
}
