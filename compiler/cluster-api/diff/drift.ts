import { appRoot, fluxPath } from "../../emit/flux/layout.js";
import type { ClusterModel } from "../../model/model.js";
import type { ClusterClient } from "../client.js";
import { ApiError } from "../errors.js";
import { nameOf, namespaceOf, type KubeObject } from "../objects.js";
import { KUSTOMIZATION } from "../status/flux-kinds.js";
import { fieldDiff, type FieldChange } from "./field-diff.js";
import type { RenderedObject } from "./render-tree.js";

/**
 * Compares each object the build would apply with the cluster, the way `flux diff kustomization`
 * does: a server-side apply dry-run as kustomize-controller (force, since Flux forces), so the
 * API server's own merge decides the result, then a field diff against the live object. Objects
 * in a Flux Kustomization's inventory that the build no longer renders are reported as pruned.
 */

/** Flux's field manager: a dry-run as Flux shows what Flux's next apply would change. */
export const FLUX_FIELD_MANAGER = "kustomize-controller";
/** Objects that are not an app's: the namespace layer, shared secrets and repositories, the Flux entry. */
export const CLUSTER_GROUP = "(cluster)";

export type DriftKind = "create" | "update" | "prune" | "unserved" | "in-sync";

export interface ObjectDrift {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace: string | null;
  readonly name: string;
  readonly drift: DriftKind;
  /** How the result was computed: the API's dry-run, or a client-side comparison of the fields the build sets. */
  readonly method: "dry-run" | "client-side" | "inventory" | "none";
  readonly changes: readonly FieldChange[];
}

export interface AppDrift {
  /** `namespace/name` of the app, or CLUSTER_GROUP. */
  readonly app: string;
  readonly objects: readonly ObjectDrift[];
}

/** Which app each Flux Kustomization belongs to, from the paths of the rendered Kustomizations. */
function ownersToApps(model: ClusterModel, rendered: readonly RenderedObject[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const { object } of rendered) {
    if (object.apiVersion !== KUSTOMIZATION.apiVersion || object.kind !== KUSTOMIZATION.kind) continue;
    const path = String((object["spec"] as { path?: string } | undefined)?.path ?? "");
    const app = model.apps.find((a) => path.startsWith(`${fluxPath(appRoot(a))}/`));
    if (app) map.set(`${namespaceOf(object)}/${nameOf(object)}`, `${app.namespace}/${app.name}`);
  }
  return map;
}

function appOf(r: RenderedObject, owners: Map<string, string>): string {
  if (r.object.apiVersion === KUSTOMIZATION.apiVersion && r.object.kind === KUSTOMIZATION.kind) {
    const own = owners.get(`${namespaceOf(r.object)}/${nameOf(r.object)}`);
    if (own) return own;
  }
  return owners.get(r.owner) ?? CLUSTER_GROUP;
}

/** Flux inventory ids: `<namespace>_<name>_<group>_<kind>`. */
function inventoryId(o: { apiVersion: string; kind: string; namespace: string | null; name: string }): string {
  const group = o.apiVersion.includes("/") ? o.apiVersion.split("/")[0] : "";
  return `${o.namespace ?? ""}_${o.name}_${group}_${o.kind}`;
}

async function compareOne(client: ClusterClient, object: KubeObject): Promise<ObjectDrift> {
  const apiVersion = String(object.apiVersion);
  const kind = String(object.kind);
  const base = { apiVersion, kind, namespace: namespaceOf(object) ?? null, name: nameOf(object) };
  if (!(await client.resource(apiVersion, kind))) return { ...base, drift: "unserved", method: "none", changes: [] };
  const live = await client.get(apiVersion, kind, base.namespace ?? undefined, base.name);
  if (!live) return { ...base, drift: "create", method: "none", changes: [] };
  let result: KubeObject | undefined;
  try {
    result = await client.apply(object, { dryRun: true, force: true, fieldManager: FLUX_FIELD_MANAGER });
  } catch (error) {
    // Some kinds (aggregated APIs, old servers) refuse dry-run or apply: compare what the build sets instead.
    if (!(error instanceof ApiError) || error.code === 401 || error.code >= 500) throw error;
  }
  const changes = result ? fieldDiff(live, result) : fieldDiff(live, object, true);
  return { ...base, drift: changes.length > 0 ? "update" : "in-sync", method: result ? "dry-run" : "client-side", changes };
}

async function pool<T, R>(items: readonly T[], size: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(size, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

export async function computeDrift(client: ClusterClient, model: ClusterModel, rendered: readonly RenderedObject[]): Promise<AppDrift[]> {
  const owners = ownersToApps(model, rendered);
  const results = await pool(rendered, 8, async (r) => ({ app: appOf(r, owners), owner: r.owner, drift: await compareOne(client, r.object) }));
  const byApp = new Map<string, ObjectDrift[]>([...model.apps.map((a) => [`${a.namespace}/${a.name}`, [] as ObjectDrift[]] as const), [CLUSTER_GROUP, []]]);
  for (const r of results) if (r.drift.drift !== "in-sync") byApp.get(r.app)!.push(r.drift);

  // Pruning: what a live Kustomization applied before and the build no longer renders.
  const rendersByOwner = new Map<string, Set<string>>();
  for (const r of rendered) {
    const ids = rendersByOwner.get(r.owner) ?? new Set<string>();
    ids.add(inventoryId({ apiVersion: String(r.object.apiVersion), kind: String(r.object.kind), namespace: namespaceOf(r.object) ?? null, name: nameOf(r.object) }));
    rendersByOwner.set(r.owner, ids);
  }
  if (await client.resource(KUSTOMIZATION.apiVersion, KUSTOMIZATION.kind)) {
    for (const [owner, ids] of rendersByOwner) {
      const [ns, name] = owner.split("/") as [string, string];
      const live = await client.get(KUSTOMIZATION.apiVersion, KUSTOMIZATION.kind, ns, name);
      if (!live || (live["spec"] as { prune?: boolean } | undefined)?.prune === false) continue;
      const entries = ((live["status"] as { inventory?: { entries?: { id?: string; v?: string }[] } } | undefined)?.inventory?.entries ?? []).filter((e) => typeof e.id === "string");
      for (const e of entries) {
        if (ids.has(e.id!)) continue;
        const [ens, ename, egroup, ekind] = e.id!.split("_") as [string, string, string, string];
        byApp.get(owners.get(owner) ?? CLUSTER_GROUP)!.push({ apiVersion: egroup ? `${egroup}/${e.v ?? ""}` : (e.v ?? "v1"), kind: ekind, namespace: ens || null, name: ename, drift: "prune", method: "inventory", changes: [] });
      }
    }
  }
  return [...byApp.entries()].map(([app, objects]) => ({ app, objects }));
}
