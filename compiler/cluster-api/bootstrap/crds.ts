import { applyWithOutcome, type Outcome } from "../apply-outcome.js";
import type { ClusterClient } from "../client.js";
import { waitUntil } from "../list-watch.js";
import { conditionOf, nameOf, type KubeObject } from "../objects.js";

/** Step 4: server-side apply each CRD (field manager labc), then wait until all are Established. */
export async function applyCrds(client: ClusterClient, crds: readonly KubeObject[], force: boolean): Promise<Map<string, Outcome>> {
  const out = new Map<string, Outcome>();
  for (const crd of crds) out.set(nameOf(crd), (await applyWithOutcome(client, crd, { force })).outcome);
  client.rediscover();
  return out;
}

/** A CRD's kinds are served only once it is Established; helmfile must not race that. */
export async function waitEstablished(client: ClusterClient, names: readonly string[], timeoutMs: number): Promise<string[]> {
  let pending = [...names];
  await waitUntil(
    client,
    { apiVersion: "apiextensions.k8s.io/v1", kind: "CustomResourceDefinition" },
    (cache) => {
      const byName = new Map([...cache.values()].map((c) => [nameOf(c), c]));
      pending = names.filter((n) => conditionOf(byName.get(n), "Established")?.status !== "True");
      return pending.length === 0;
    },
    { timeoutMs },
  );
  return pending;
}
