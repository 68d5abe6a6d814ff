import type { ClusterClient } from "../client.js";
import { waitUntil, type Cache } from "../list-watch.js";
import { conditionOf, nameOf } from "../objects.js";
import type { Progress } from "./progress.js";

/**
 * Step 1: every node of cluster.lab has registered. Ready=False is what we expect before the CNI
 * is installed (kubelet up, no pod network); Ready=True is a cluster that already has one (a
 * re-run). Ready=Unknown or no Ready condition means the kubelet has not reported yet.
 */

export type NodeState = "missing" | "registering" | "Ready=False" | "Ready=True";

export function nodeStates(cache: Cache, expected: readonly string[]): Map<string, NodeState> {
  const byName = new Map([...cache.values()].map((n) => [nameOf(n), n]));
  return new Map(
    expected.map((name) => {
      const node = byName.get(name);
      if (!node) return [name, "missing"];
      const ready = conditionOf(node, "Ready")?.status;
      return [name, ready === "True" ? "Ready=True" : ready === "False" ? "Ready=False" : "registering"];
    }),
  );
}

export async function waitForNodes(client: ClusterClient, expected: readonly string[], timeoutMs: number, progress: Progress, signal?: AbortSignal): Promise<{ ok: boolean; states: Map<string, NodeState> }> {
  let states = new Map<string, NodeState>();
  const shown = new Map<string, NodeState>();
  const registered = (s: Map<string, NodeState>) => [...s.values()].filter((v) => v === "Ready=False" || v === "Ready=True").length;
  const ok = await waitUntil(
    client,
    { apiVersion: "v1", kind: "Node" },
    (cache) => registered(nodeStates(cache, expected)) === expected.length,
    {
      timeoutMs,
      ...(signal ? { signal } : {}),
      progress: (cache) => {
        states = nodeStates(cache, expected);
        for (const [name, state] of states) {
          if (shown.get(name) === state || state === "missing") continue;
          shown.set(name, state);
          const why = state === "Ready=False" ? " (registered; no pod network until Cilium is installed)" : state === "registering" ? " (kubelet has not reported yet)" : "";
          progress.detail(`${name}: ${state}${why} — ${registered(states)}/${expected.length} registered`);
        }
      },
    },
  );
  return { ok, states };
}
