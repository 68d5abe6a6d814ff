import type { ClusterModel } from "../../model/model.js";
import type { ClusterClient } from "../client.js";
import { listWatch, sleep, type Cache } from "../list-watch.js";
import type { KubeObject } from "../objects.js";
import { clusterStatus, type ClusterStatus } from "./app-status.js";
import { HELM_RELEASE, KUSTOMIZATION } from "./flux-kinds.js";

async function fluxServed(client: ClusterClient): Promise<boolean> {
  return (await client.resource(KUSTOMIZATION.apiVersion, KUSTOMIZATION.kind)) !== undefined && (await client.resource(HELM_RELEASE.apiVersion, HELM_RELEASE.kind)) !== undefined;
}

/** One reading of every Flux Kustomization and HelmRelease. */
export async function readStatus(client: ClusterClient, model: ClusterModel): Promise<ClusterStatus> {
  if (!(await fluxServed(client))) return clusterStatus(model, client.server, false, [], []);
  const [ks, hr] = await Promise.all([client.list(KUSTOMIZATION.apiVersion, KUSTOMIZATION.kind), client.list(HELM_RELEASE.apiVersion, HELM_RELEASE.kind)]);
  return clusterStatus(model, client.server, true, ks.items, hr.items);
}

/**
 * Calls `onStatus` with a fresh status whenever a watch event changes one (coalesced), until
 * `signal` aborts. Before Flux is installed it polls discovery, then switches to watches.
 */
export async function watchStatus(client: ClusterClient, model: ClusterModel, signal: AbortSignal, onStatus: (s: ClusterStatus) => void): Promise<void> {
  while (!signal.aborted && !(await fluxServed(client))) {
    onStatus(clusterStatus(model, client.server, false, [], []));
    client.rediscover();
    await sleep(2000, signal);
  }
  if (signal.aborted) return;
  let ks: Cache | undefined;
  let hr: Cache | undefined;
  let pending: NodeJS.Timeout | undefined;
  const emit = () => {
    pending = undefined;
    if (ks && hr) onStatus(clusterStatus(model, client.server, true, [...ks.values()] as KubeObject[], [...hr.values()] as KubeObject[]));
  };
  const schedule = () => {
    pending ??= setTimeout(emit, 50);
  };
  signal.addEventListener("abort", () => pending && clearTimeout(pending), { once: true });
  await Promise.all([
    listWatch(client, KUSTOMIZATION, signal, (c) => {
      ks = c;
      schedule();
    }),
    listWatch(client, HELM_RELEASE, signal, (c) => {
      hr = c;
      schedule();
    }),
  ]);
}
