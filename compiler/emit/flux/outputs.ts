import type { SecretOutput, TextOutput } from "../../model/output.js";
import { toYaml } from "../yaml/to-yaml.js";

export function textFile(path: string, docs: readonly unknown[]): TextOutput {
  return { kind: "text", path, content: toYaml(docs) };
}

/** A Kubernetes Secret; the build encrypts `data`/`stringData` with SOPS before writing. */
export function secretFile(path: string, tree: unknown): SecretOutput {
  if (!path.endsWith(".sops.yaml")) throw new Error(`secret output ${path}: path must end in .sops.yaml`);
  return { kind: "secret", path, tree, encryption: "kubernetes" };
}
