import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { parseAllDocuments } from "yaml";
import { listFiles } from "../../support/tree.js";

/**
 * Which files of a built tree are Kubernetes objects. Everything that is not is excluded by a
 * named rule below, and a YAML file that no rule names is treated as Kubernetes objects, so a new
 * kind of file is validated (and fails loudly) rather than silently skipped.
 */
export interface TreeFiles {
  /** Relative paths of files holding Kubernetes objects. */
  readonly manifests: readonly string[];
  /** Rule name → the relative paths it excluded. */
  readonly excluded: ReadonlyMap<string, readonly string[]>;
}

export interface KubeObject {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string; readonly annotations?: Record<string, string>; readonly labels?: Record<string, string> };
  readonly [key: string]: unknown;
}

type Rule = { readonly name: string; readonly matches: (path: string) => boolean };

const staticRules: readonly Rule[] = [
  { name: "talhelper/Talos input (talconfig, talenv, secrets bundle, patches, schematics)", matches: (p) => p.startsWith("talos/") },
  { name: "helmfile", matches: (p) => p === "bootstrap/helmfile.yaml" },
  { name: "sops creation rules", matches: (p) => p === ".sops.yaml" },
  { name: "Taskfile", matches: (p) => p === "Taskfile.yaml" },
  { name: "CI workflow", matches: (p) => p.startsWith(".github/workflows/") },
];

export const KUSTOMIZE_CONFIG = "kustomize config (Kustomization/Component, not an API object)";
export const GENERATOR_INPUT = "kustomize generator input (data for configMapGenerator)";

const isYaml = (p: string) => /\.ya?ml$/.test(p);

export function parseObjects(text: string, where: string): KubeObject[] {
  const out: KubeObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) throw new Error(`${where}: ${doc.errors[0]!.message}`);
    const value = doc.toJS() as KubeObject | null;
    if (value !== null && value !== undefined) out.push(value);
  }
  return out;
}

export function classifyTree(root: string): TreeFiles {
  const files = listFiles(root).filter(isYaml);
  const excluded = new Map<string, string[]>();
  const exclude = (rule: string, path: string) => excluded.set(rule, [...(excluded.get(rule) ?? []), path]);
  const generatorInputs = new Set<string>();
  for (const path of files.filter((p) => p.endsWith("/kustomization.yaml"))) {
    for (const doc of parseObjects(readFileSync(join(root, path), "utf8"), path)) {
      if (!doc.apiVersion?.startsWith("kustomize.config.k8s.io/")) throw new Error(`${path} is named kustomization.yaml but holds ${doc.apiVersion}/${doc.kind}`);
      for (const gen of [...((doc["configMapGenerator"] as { files?: string[] }[] | undefined) ?? []), ...((doc["secretGenerator"] as { files?: string[] }[] | undefined) ?? [])]) {
        for (const file of gen.files ?? []) generatorInputs.add(normalize(join(dirname(path), file.slice(file.indexOf("=") + 1))));
      }
    }
  }
  const manifests: string[] = [];
  for (const path of files) {
    if (path.endsWith("kustomization.yaml") && path.startsWith("kubernetes/")) exclude(KUSTOMIZE_CONFIG, path);
    else if (generatorInputs.has(path)) exclude(GENERATOR_INPUT, path);
    else {
      const rule = staticRules.find((r) => r.matches(path));
      if (rule) exclude(rule.name, path);
      else manifests.push(path);
    }
  }
  return { manifests, excluded };
}

/** A Flux `Kustomization` object found in the tree, with the file that holds it. */
export interface FluxKustomization {
  readonly file: string;
  readonly name: string;
  readonly namespace: string;
  readonly spec: {
    readonly path: string;
    readonly components?: readonly string[];
    readonly postBuild?: { readonly substitute?: Record<string, string>; readonly substituteFrom?: readonly { kind: string; name: string; optional?: boolean }[] };
  };
}

export function isFluxKustomization(o: KubeObject): boolean {
  return (o.apiVersion ?? "").startsWith("kustomize.toolkit.fluxcd.io/") && o.kind === "Kustomization";
}

export function fluxKustomizations(root: string, manifests: readonly string[]): FluxKustomization[] {
  const out: FluxKustomization[] = [];
  for (const file of manifests) {
    for (const o of parseObjects(readFileSync(join(root, file), "utf8"), file)) {
      if (!isFluxKustomization(o)) continue;
      out.push({ file, name: o.metadata?.name ?? "", namespace: o.metadata?.namespace ?? "", spec: o["spec"] as FluxKustomization["spec"] });
    }
  }
  return out;
}

/** The directory a Kustomization's spec.path names, relative to the tree root (Flux resolves it against the source root). */
export function kustomizationDir(ks: FluxKustomization): string {
  return normalize(ks.spec.path).replace(/^\.?\/?/, "").replace(/\/$/, "");
}

/**
 * The files a Flux Kustomization builds: kustomize's resources and components from its path's
 * kustomization.yaml, followed recursively, or (with none there) every YAML file below the path,
 * as Flux's generator does; plus the Kustomization's own spec.components. A file appears once for
 * each time it is included (a component shared by several namespaces yields its objects in each).
 */
export function fileInclusions(root: string, ks: FluxKustomization): string[] {
  return walkKustomization(root, ks).files;
}

/** The kustomization.yaml files kustomize reads for a Flux Kustomization, once per inclusion. */
export function kustomizeFilesRead(root: string, ks: FluxKustomization): string[] {
  return walkKustomization(root, ks).kustomizations;
}

function walkKustomization(root: string, ks: FluxKustomization): { files: string[]; kustomizations: string[] } {
  const found: string[] = [];
  const kustomizations: string[] = [];
  const visitDir = (dir: string) => {
    const kfile = join(root, dir, "kustomization.yaml");
    if (!existsSync(kfile)) {
      for (const name of readdirSync(join(root, dir)).sort()) {
        const rel = join(dir, name);
        if (statSync(join(root, rel)).isDirectory()) visitDir(rel);
        else if (isYaml(name)) found.push(rel);
      }
      return;
    }
    kustomizations.push(join(dir, "kustomization.yaml"));
    for (const doc of parseObjects(readFileSync(kfile, "utf8"), kfile)) {
      for (const entry of [...((doc["resources"] as string[] | undefined) ?? []), ...((doc["components"] as string[] | undefined) ?? [])]) visit(normalize(join(dir, entry)));
    }
  };
  const visit = (rel: string) => {
    const full = join(root, rel);
    if (!existsSync(full)) throw new Error(`${ks.file}: ${rel} does not exist`);
    if (statSync(full).isDirectory()) visitDir(rel);
    else found.push(relative(root, full));
  };
  const dir = kustomizationDir(ks);
  visitDir(dir);
  for (const c of ks.spec.components ?? []) visit(normalize(join(dir, c)));
  return { files: found, kustomizations };
}

export function filesBuiltBy(root: string, ks: FluxKustomization): Set<string> {
  return new Set(fileInclusions(root, ks));
}
