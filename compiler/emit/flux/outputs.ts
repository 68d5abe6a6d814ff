import type { SecretOutput, TextOutput } from "../../model/output.js";
import { toYaml } from "../../yaml/to-yaml.js";

export function textFile(path: string, docs: readonly unknown[]): TextOutput {
  return { kind: "text", path, content: toYaml(docs) };
}

/** A Kubernetes Secret; the build encrypts `data`/`stringData` with SOPS before writing. */
export function secretFile(path: string, tree: unknown): SecretOutput {
  if (!path.endsWith(".sops.yaml")) throw new Error(`secret output ${path}: path must end in .sops.yaml`);
  return { kind: "secret", path, tree, encryption: "kubernetes" };
}

const SUBSTITUTE_ANNOTATION = "kustomize.toolkit.fluxcd.io/substitute";

/**
 * A Secret that Flux must not run postBuild substitution over. kustomize-controller decrypts a
 * Secret and then substitutes it like any other object, so a secret value holding `${…}` would be
 * blanked (or fail a strict Kustomization) and `$${…}` would lose a dollar; secret values are
 * literal, so the Secrets of a substituting Kustomization opt out with Flux's annotation.
 */
export function withoutFluxSubstitution(secret: unknown): unknown {
  const object = secret as { metadata?: { annotations?: Record<string, string> } };
  const metadata = object.metadata ?? {};
  return { ...object, metadata: { ...metadata, annotations: { ...(metadata.annotations ?? {}), [SUBSTITUTE_ANNOTATION]: "disabled" } } };
}
