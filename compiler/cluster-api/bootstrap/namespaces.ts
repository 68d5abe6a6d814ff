import type { ClusterModel } from "../../model/model.js";
import { applyWithOutcome, type Outcome } from "../apply-outcome.js";
import type { ClusterClient } from "../client.js";

/** The namespaces every app lives in, plus flux-system for the SOPS secrets (sorted). */
export function bootstrapNamespaces(model: ClusterModel): string[] {
  return [...new Set([...model.apps.map((a) => a.namespace), "flux-system"])].sort();
}

/** Step 2: one Namespace per app namespace. Only the name is applied, so it never conflicts with Flux's. */
export async function applyNamespaces(client: ClusterClient, names: readonly string[], force: boolean): Promise<Map<string, Outcome>> {
  const out = new Map<string, Outcome>();
  for (const name of names) {
    const { outcome } = await applyWithOutcome(client, { apiVersion: "v1", kind: "Namespace", metadata: { name } }, { force });
    out.set(name, outcome);
  }
  return out;
}
