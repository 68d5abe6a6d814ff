import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { OutputFile } from "../../../../../compiler/model/output.js";
import { toYaml } from "../../../../../compiler/yaml/to-yaml.js";

/**
 * Writes outputs to a fresh temp dir. SecretOutputs are written as plain YAML: only here, only so
 * validate-tree and kustomize can read them; the real build encrypts them first.
 */
export function writeTree(outputs: readonly OutputFile[], prefix = "labc-emit-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const out of outputs) {
    const path = join(dir, out.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, out.kind === "text" ? out.content : toYaml([out.tree]));
  }
  return dir;
}
