import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

export function kubectlAvailable(): boolean {
  return spawnSync("kubectl", ["version", "--client"], { encoding: "utf8" }).status === 0;
}

/** Every folder under `root` holding a kustomization.yaml, relative to `base`. */
export function kustomizationDirs(root: string, base: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name === "kustomization.yaml") out.push(relative(base, dir));
    }
  };
  walk(root);
  return out;
}

export function kustomizeBuild(dir: string): { ok: boolean; output: string } {
  const run = spawnSync("kubectl", ["kustomize", dir], { encoding: "utf8" });
  return { ok: run.status === 0, output: run.status === 0 ? run.stdout : run.stderr };
}
