import type { ClusterClient } from "./client.js";
import { ApiError, ClusterAccessError } from "./errors.js";
import { namespaceOf, nameOf, type KubeObject } from "./objects.js";

/**
 * List, then watch from the list's resourceVersion, keeping a cache of the objects: the
 * informer pattern without the library's informer, so a watch that ends (server timeout) resumes
 * where it was, and one that expired (410 Gone) lists again.
 */

export interface ListWatchSpec {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly labelSelector?: string;
}

export type Cache = ReadonlyMap<string, KubeObject>;

const cacheKey = (o: KubeObject) => `${namespaceOf(o) ?? ""}/${nameOf(o)}`;

/**
 * Worth another try: the server is out of reach (restarting), or answers that it cannot serve
 * yet. A kube-apiserver that just restarted answers 503 for custom resources until it has read
 * the CRDs again ("the request has been made before all known HTTP paths have been installed"),
 * and API priority and fairness answers 429 under load.
 */
export function isTransient(error: unknown): boolean {
  return error instanceof ClusterAccessError || (error instanceof ApiError && [429, 500, 502, 503, 504].includes(error.code));
}

/** Calls `onChange` with the whole cache after the list and after every event, until `signal` aborts. */
export async function listWatch(client: ClusterClient, spec: ListWatchSpec, signal: AbortSignal, onChange: (cache: Cache) => void): Promise<void> {
  const cache = new Map<string, KubeObject>();
  let failures = 0;
  while (!signal.aborted) {
    let rv: string;
    try {
      const list = await client.list(spec.apiVersion, spec.kind, spec);
      cache.clear();
      for (const o of list.items) cache.set(cacheKey(o), o);
      rv = list.resourceVersion;
      onChange(cache);
    } catch (error) {
      if (!isTransient(error) || ++failures > 5) throw error;
      await sleep(1000 * failures, signal);
      continue;
    }
    while (!signal.aborted) {
      let ended: "closed" | "expired" | "aborted";
      try {
        ended = await client.watch(spec.apiVersion, spec.kind, { ...spec, resourceVersion: rv, signal }, (event) => {
          const v = event.object.metadata?.["resourceVersion"];
          if (typeof v === "string") rv = v;
          if (event.type === "BOOKMARK") return;
          if (event.type === "DELETED") cache.delete(cacheKey(event.object));
          else cache.set(cacheKey(event.object), event.object);
          onChange(cache);
        });
        failures = 0;
      } catch (error) {
        if (!isTransient(error) || ++failures > 5) throw error;
        await sleep(1000 * failures, signal);
        ended = "expired";
      }
      if (ended !== "closed") break;
    }
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => (clearTimeout(t), resolve()), { once: true });
  });
}

/**
 * Watches until `done(cache)` says so or the deadline passes; returns whether it was reached.
 * `progress` is called on every change with the cache (to print "2/3 nodes registered").
 */
export async function waitUntil(client: ClusterClient, spec: ListWatchSpec, done: (cache: Cache) => boolean, options: { timeoutMs: number; progress?: (cache: Cache) => void; signal?: AbortSignal }): Promise<boolean> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  options.signal?.addEventListener("abort", () => controller.abort(), { once: true });
  let reached = false;
  try {
    await listWatch(client, spec, controller.signal, (cache) => {
      options.progress?.(cache);
      if (!reached && done(cache)) {
        reached = true;
        controller.abort();
      }
    });
  } finally {
    clearTimeout(timer);
  }
  return reached;
}
