import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { FLUX_CLUSTER } from "../../emit/flux/layout.js";
import { nameOf, namespaceOf, type KubeObject } from "../objects.js";
import { KUSTOMIZATION } from "../status/flux-kinds.js";
import { fluxPostBuild, type FluxKustomizationSpec } from "./flux-postbuild.js";
import { kustomizeBuild, type KustomizeBackend } from "./kustomize-build.js";
import { KustomizeError } from "./mini-kustomize.js";
import type { SecretIndex } from "./secret-index.js";

/**
 * Everything Flux would apply from the generated repository, object by object, with the Flux
 * Kustomization that applies it. Starts where the FluxInstance's sync starts (the `flux-system`
 * Kustomization at kubernetes/flux/cluster) and follows every Flux Kustomization it finds.
 */

export interface RenderedObject {
  /** The Flux Kustomization applying it (`namespace/name`). */
  readonly owner: string;
  readonly object: KubeObject;
}

/** Whether a kind is namespaced; undefined when the cluster does not serve it (yet). */
export type ScopeOf = (apiVersion: string, kind: string) => Promise<boolean | undefined>;

/** Kinds kustomize does not know but that are cluster-scoped, for when the cluster cannot tell us. */
const CLUSTER_SCOPED = new Set(["Namespace", "CustomResourceDefinition", "ClusterRole", "ClusterRoleBinding", "StorageClass", "PersistentVolume", "PriorityClass", "IngressClass", "GatewayClass", "ClusterIssuer", "CiliumLoadBalancerIPPool", "CiliumL2AnnouncementPolicy", "CiliumBGPClusterConfig", "CiliumBGPPeerConfig", "CiliumBGPAdvertisement", "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration", "Node"]);

/**
 * Flux's generator for a folder without kustomization.yaml: every Kubernetes manifest in it,
 * and each subfolder, built with its own kustomization.yaml when it has one, else the same way.
 */
function buildFolder(dir: string, backend: KustomizeBackend): KubeObject[] {
  if (["kustomization.yaml", "kustomization.yml", "Kustomization"].some((f) => existsSync(join(dir, f)))) return kustomizeBuild(dir, backend);
  if (!existsSync(dir)) throw new KustomizeError(`${dir} does not exist`);
  const out: KubeObject[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...buildFolder(full, backend));
    else if (/\.ya?ml$/.test(entry.name)) {
      for (const d of parseAllDocuments(readFileSync(full, "utf8"))) {
        const o = d.toJS() as KubeObject | null;
        if (o && typeof o === "object" && o.apiVersion && o.kind) out.push(o);
      }
    }
  }
  return out;
}

export async function renderTree(outDir: string, backend: KustomizeBackend, secrets: SecretIndex, scopeOf: ScopeOf): Promise<RenderedObject[]> {
  const out: RenderedObject[] = [];
  const namespaced = async (o: KubeObject) => (await scopeOf(String(o.apiVersion), String(o.kind))) ?? !CLUSTER_SCOPED.has(String(o.kind));
  const queue: FluxKustomizationSpec[] = [{ name: "flux-system", namespace: "flux-system" }];
  const paths = new Map<string, string>([["flux-system/flux-system", `./${FLUX_CLUSTER}`]]);
  const seen = new Set<string>();
  while (queue.length > 0) {
    const ks = queue.shift()!;
    const key = `${ks.namespace}/${ks.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const path = paths.get(key)!;
    const built = buildFolder(join(outDir, path), backend);
    const scopes: boolean[] = [];
    for (const o of built) scopes.push(await namespaced(o));
    const vars = await variables(ks, built, secrets, path);
    const objects = fluxPostBuild(built, ks, vars, scopes);
    for (const o of objects) {
      const object = o.kind === "Secret" && o["sops"] !== undefined ? await plaintext(o, secrets, path) : o;
      out.push({ owner: key, object });
      if (o.apiVersion === KUSTOMIZATION.apiVersion && o.kind === KUSTOMIZATION.kind) {
        const spec = (o["spec"] ?? {}) as Record<string, unknown>;
        const child = `${namespaceOf(o) ?? ks.namespace}/${nameOf(o)}`;
        paths.set(child, String(spec["path"] ?? "./"));
        queue.push({
          name: nameOf(o),
          namespace: namespaceOf(o) ?? ks.namespace,
          ...(typeof spec["targetNamespace"] === "string" ? { targetNamespace: spec["targetNamespace"] } : {}),
          ...(spec["commonMetadata"] ? { commonMetadata: spec["commonMetadata"] as FluxKustomizationSpec["commonMetadata"] } : {}),
          ...((spec["postBuild"] as Record<string, unknown> | undefined)?.["substitute"] ? { substitute: (spec["postBuild"] as { substitute: Record<string, string> }).substitute } : {}),
          ...((spec["postBuild"] as Record<string, unknown> | undefined)?.["substituteFrom"] ? { substituteFrom: (spec["postBuild"] as { substituteFrom: FluxKustomizationSpec["substituteFrom"] }).substituteFrom } : {}),
        });
      }
    }
  }
  return out;
}

async function variables(ks: FluxKustomizationSpec, built: readonly KubeObject[], secrets: SecretIndex, near: string): Promise<Record<string, string>> {
  const vars: Record<string, string> = {};
  for (const ref of ks.substituteFrom ?? []) {
    if (ref.kind === "Secret") {
      const s = await secrets.find(ref.name, near);
      for (const [k, v] of Object.entries((s?.["data"] ?? {}) as Record<string, string>)) vars[k] = Buffer.from(v, "base64").toString("utf8");
    } else {
      const cm = built.find((o) => o.kind === "ConfigMap" && nameOf(o) === ref.name);
      Object.assign(vars, (cm?.["data"] ?? {}) as Record<string, string>);
    }
  }
  return { ...vars, ...(ks.substitute ?? {}) };
}

async function plaintext(o: KubeObject, secrets: SecretIndex, near: string): Promise<KubeObject> {
  const clear = await secrets.find(nameOf(o), near);
  if (!clear) throw new KustomizeError(`Secret ${nameOf(o)} is encrypted in the build, but no *.sops.yaml holds it`);
  const { sops: _sops, stringData: _s, data: _d, ...rest } = o as KubeObject & { sops?: unknown };
  return { ...rest, type: clear["type"] ?? "Opaque", data: clear["data"] };
}
