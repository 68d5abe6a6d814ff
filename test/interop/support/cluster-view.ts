import { readFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { filesBuiltBy, fluxKustomizations, parseObjects, type FluxKustomization, type KubeObject, type TreeFiles } from "./k8s-tree.js";
import { SUBSTITUTE_DISABLED, substitute } from "./flux-substitute.js";
import { sopsDecrypt } from "./sops-decrypt.js";

/** One object as the API server would receive it, with the file it came from. */
export interface ClusterObject {
  readonly file: string;
  readonly object: KubeObject;
  /** The YAML handed to the validator (decrypted, substituted); in memory only. */
  readonly yaml: string;
}

export interface ClusterView {
  readonly objects: readonly ClusterObject[];
  /** `file: VAR` for each `${VAR}` that a substituting Kustomization left without a value. */
  readonly unresolved: readonly string[];
}

/** The decrypted objects of every manifest file (sops files through the real sops). */
export function readObjects(root: string, files: readonly string[]): { file: string; object: KubeObject }[] {
  return files.flatMap((file) => {
    const text = file.endsWith(".sops.yaml") ? sopsDecrypt(join(root, file)) : readFileSync(join(root, file), "utf8");
    return parseObjects(text, file).map((object) => ({ file, object }));
  });
}

/** The variables a Kustomization's postBuild offers: substituteFrom's objects (from the tree), then the inline ones over them. */
export function postBuildVars(ks: FluxKustomization, objects: readonly { object: KubeObject }[]): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const ref of ks.spec.postBuild?.substituteFrom ?? []) {
    const source = objects.find((o) => o.object.kind === ref.kind && o.object.metadata?.name === ref.name)?.object;
    if (!source) {
      if (ref.optional) continue;
      throw new Error(`${ks.file}: ${ks.name} substitutes from ${ref.kind}/${ref.name}, which the tree does not hold`);
    }
    for (const [k, v] of Object.entries((source["data"] as Record<string, string> | undefined) ?? {})) vars[k] = ref.kind === "Secret" ? Buffer.from(v, "base64").toString("utf8") : v;
    for (const [k, v] of Object.entries((source["stringData"] as Record<string, string> | undefined) ?? {})) vars[k] = v;
  }
  return { ...vars, ...(ks.spec.postBuild?.substitute ?? {}) };
}

const disabled = (o: KubeObject) => o.metadata?.annotations?.[SUBSTITUTE_DISABLED] === "disabled" || o.metadata?.labels?.[SUBSTITUTE_DISABLED] === "disabled";

/**
 * Every object of the tree after sops decryption and the postBuild substitution of the Flux
 * Kustomization that applies it, as kustomize-controller hands it to the API server.
 */
export function clusterView(root: string, tree: TreeFiles): ClusterView {
  const read = readObjects(root, tree.manifests);
  const owners = new Map<string, FluxKustomization[]>();
  for (const ks of fluxKustomizations(root, tree.manifests)) {
    for (const file of filesBuiltBy(root, ks)) owners.set(file, [...(owners.get(file) ?? []), ks]);
  }
  const unresolved: string[] = [];
  const objects = read.map(({ file, object }) => {
    // YAML 1.1 quoting, as kubeconform and the API server's sigs.k8s.io/yaml read 1.1 (`No` is false there).
    let yaml = stringify(object, { version: "1.1" });
    const substituting = (owners.get(file) ?? []).filter((ks) => ks.spec.postBuild);
    if (substituting.length > 1) throw new Error(`${file} is built by several substituting Kustomizations: ${substituting.map((k) => k.name).join(", ")}`);
    const ks = substituting[0];
    if (ks && !disabled(object)) {
      const result = substitute(yaml, postBuildVars(ks, read));
      unresolved.push(...result.missing.map((name) => `${file}: \${${name}}`));
      yaml = result.text;
    }
    return { file, object: parseObjects(yaml, file)[0]!, yaml };
  });
  return { objects, unresolved };
}
