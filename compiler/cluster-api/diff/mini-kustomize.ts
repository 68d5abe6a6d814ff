import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { parse, parseAllDocuments } from "yaml";
import type { KubeObject } from "../objects.js";

/**
 * `kustomize build` for the subset of kustomization.yaml labc generates: resources (files and
 * folders), components, namespace, and configMapGenerator with hashing disabled. Used when
 * kubectl is not installed; anything outside the subset is an error, not a guess.
 */

export class KustomizeError extends Error {}

/** Kinds kustomize knows are cluster-scoped: its namespace transformer leaves them alone. */
const CLUSTER_SCOPED = new Set(["Namespace", "CustomResourceDefinition", "ClusterRole", "ClusterRoleBinding", "StorageClass", "PersistentVolume", "PriorityClass", "IngressClass", "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration", "APIService", "Node", "RuntimeClass", "CSIDriver", "VolumeSnapshotClass"]);

const KNOWN_FIELDS = new Set(["apiVersion", "kind", "metadata", "resources", "components", "namespace", "configMapGenerator", "generatorOptions"]);

function readKustomization(dir: string): Record<string, unknown> {
  for (const name of ["kustomization.yaml", "kustomization.yml", "Kustomization"]) {
    const file = join(dir, name);
    if (existsSync(file)) {
      const k = parse(readFileSync(file, "utf8")) as Record<string, unknown> | null;
      if (!k) return {};
      const unknown = Object.keys(k).filter((f) => !KNOWN_FIELDS.has(f));
      if (unknown.length > 0) throw new KustomizeError(`${file}: ${unknown.join(", ")} needs kubectl kustomize (labc's built-in reader covers what labc generates)`);
      return k;
    }
  }
  throw new KustomizeError(`${dir}: no kustomization.yaml`);
}

function readDocuments(file: string): KubeObject[] {
  return parseAllDocuments(readFileSync(file, "utf8"))
    .map((d) => {
      if (d.errors.length > 0) throw new KustomizeError(`${file}: ${d.errors[0]!.message}`);
      return d.toJS() as KubeObject | null;
    })
    .filter((o): o is KubeObject => o !== null && typeof o === "object");
}

export function miniKustomize(dir: string): KubeObject[] {
  const k = readKustomization(dir);
  const out: KubeObject[] = [];
  for (const r of (k["resources"] as string[] | undefined) ?? []) {
    const path = resolve(dir, r);
    if (!existsSync(path)) throw new KustomizeError(`${dir}: resource ${r} does not exist`);
    out.push(...(statSync(path).isDirectory() ? miniKustomize(path) : readDocuments(path)));
  }
  const hashOff = (k["generatorOptions"] as { disableNameSuffixHash?: boolean } | undefined)?.disableNameSuffixHash === true;
  for (const g of (k["configMapGenerator"] as { name: string; files?: string[]; literals?: string[]; options?: { disableNameSuffixHash?: boolean } }[] | undefined) ?? []) {
    if (!hashOff && g.options?.disableNameSuffixHash !== true) throw new KustomizeError(`${dir}: configMapGenerator ${g.name} with a name hash needs kubectl kustomize`);
    const data: Record<string, string> = {};
    for (const f of g.files ?? []) {
      const [key, path] = f.includes("=") ? (f.split("=", 2) as [string, string]) : [basename(f), f];
      data[key] = readFileSync(resolve(dir, path), "utf8");
    }
    for (const l of g.literals ?? []) {
      const i = l.indexOf("=");
      data[l.slice(0, i)] = l.slice(i + 1);
    }
    out.push({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: g.name }, data });
  }
  for (const c of (k["components"] as string[] | undefined) ?? []) out.push(...miniKustomize(resolve(dir, c)));
  const ns = k["namespace"] as string | undefined;
  if (ns) {
    for (const o of out) {
      const meta = (o.metadata ??= {});
      if (o.kind === "Namespace") meta["name"] = ns;
      else if (!CLUSTER_SCOPED.has(String(o.kind))) meta["namespace"] = ns;
    }
  }
  return out;
}
