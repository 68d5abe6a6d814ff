import type { ClusterClient } from "../client.js";
import type { Cache } from "../list-watch.js";
import { labelsOf, namespaceOf, type KubeObject } from "../objects.js";

/**
 * Helm 3 keeps each release revision in a Secret labelled owner=helm, name=<release>,
 * status=<deployed|failed|pending-install|…>, version=<revision>. labc reads those labels only,
 * never the Secret's data (which holds the release's values).
 */

export interface ReleaseState {
  readonly namespace: string;
  readonly name: string;
  readonly status: string;
  readonly revision: number;
}

export const HELM_RELEASE_SELECTOR = "owner=helm";

export const releaseKey = (namespace: string, name: string) => `${namespace}/${name}`;

/** The latest revision of every release among some Helm release Secrets. */
export function releaseStates(secrets: Iterable<KubeObject>): Map<string, ReleaseState> {
  const out = new Map<string, ReleaseState>();
  for (const s of secrets) {
    const l = labelsOf(s);
    const ns = namespaceOf(s);
    const revision = Number(l["version"]);
    if (l["owner"] !== "helm" || !l["name"] || !ns || !Number.isFinite(revision)) continue;
    const k = releaseKey(ns, l["name"]);
    const prev = out.get(k);
    if (!prev || prev.revision < revision) out.set(k, { namespace: ns, name: l["name"], status: l["status"] ?? "unknown", revision });
  }
  return out;
}

export async function readReleaseStates(client: ClusterClient, namespaces: readonly string[]): Promise<Map<string, ReleaseState>> {
  const secrets: KubeObject[] = [];
  for (const namespace of namespaces) secrets.push(...(await client.list("v1", "Secret", { namespace, labelSelector: HELM_RELEASE_SELECTOR })).items);
  return releaseStates(secrets);
}

export function statesOf(cache: Cache): Map<string, ReleaseState> {
  return releaseStates(cache.values());
}

/** Helm refuses to touch a release whose last operation never finished. */
export function isStuck(state: ReleaseState | undefined): boolean {
  return state !== undefined && state.status.startsWith("pending-");
}
