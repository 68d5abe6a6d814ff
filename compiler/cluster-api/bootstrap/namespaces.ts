import type { ClusterModel } from "../../model/model.js";
import { applyWithOutcome, type Outcome } from "../apply-outcome.js";
import type { ClusterClient } from "../client.js";

/** The namespaces every app lives in, plus flux-system for the SOPS secrets (sorted). */
export function bootstrapNamespaces(model: ClusterModel): string[] {
  return [...new Set([...model.apps.map((a) => a.namespace), "flux-system"])].sort();
}

/**
 * The one field labc's Namespace sets: the label the API server itself sets to the namespace's
 * name on every write, so no one can own it with another value and it never conflicts with
 * Flux's Namespace. Without a field, an apply creates the namespace but records no owner, and
 * the next apply writes the server's fields over to a `before-first-apply` manager: a re-run
 * would report `configured` where nothing changed.
 */
export const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

/** Step 2: one Namespace per app namespace. */
export async function applyNamespaces(client: ClusterClient, names: readonly string[], force: boolean): Promise<Map<string, Outcome>> {
  const out = new Map<string, Outcome>();
  for (const name of names) {
    const { outcome } = await applyWithOutcome(client, { apiVersion: "v1", kind: "Namespace", metadata: { name, labels: { [NAMESPACE_NAME_LABEL]: name } } }, { force });
    out.set(name, outcome);
  }
  return out;
}
