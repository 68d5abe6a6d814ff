import { spawnSync } from "node:child_process";
import { parseAllDocuments } from "yaml";
import type { KubeObject } from "../objects.js";
import { KustomizeError, miniKustomize } from "./mini-kustomize.js";

/**
 * Builds one folder the way kustomize-controller does: `kubectl kustomize` when kubectl is
 * installed (`$LABC_KUBECTL` names another binary; `LABC_KUBECTL=none` skips it), else labc's
 * reader for the subset it generates.
 */

export type KustomizeBackend = { readonly kind: "kubectl"; readonly bin: string } | { readonly kind: "builtin" };

export function chooseBackend(env: NodeJS.ProcessEnv): KustomizeBackend {
  const bin = env["LABC_KUBECTL"] ?? "kubectl";
  if (bin === "none" || bin === "") return { kind: "builtin" };
  const probe = spawnSync(bin, ["version", "--client"], { encoding: "utf8" });
  return probe.status === 0 ? { kind: "kubectl", bin } : { kind: "builtin" };
}

export function kustomizeBuild(dir: string, backend: KustomizeBackend): KubeObject[] {
  if (backend.kind === "builtin") return miniKustomize(dir);
  const run = spawnSync(backend.bin, ["kustomize", dir], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new KustomizeError(`kubectl kustomize ${dir} failed: ${(run.stderr || run.stdout).trim().split("\n")[0]}`);
  return parseAllDocuments(run.stdout)
    .map((d) => d.toJS() as KubeObject | null)
    .filter((o): o is KubeObject => o !== null && typeof o === "object");
}
