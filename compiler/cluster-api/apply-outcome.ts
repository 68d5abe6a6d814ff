import type { ApplyOptions, ClusterClient } from "./client.js";
import { ApiError } from "./errors.js";
import { nameOf, namespaceOf, resourceVersionOf, type KubeObject } from "./objects.js";

export type Outcome = "created" | "configured" | "unchanged";

/** Another field manager owns fields we set, with other values; `--force-conflicts` takes them. */
export class ApplyConflictError extends Error {}

/**
 * Server-side apply that says what happened: the API only bumps resourceVersion when the object
 * changed, so comparing it before and after tells "unchanged" from "configured" without diffing.
 */
export async function applyWithOutcome(client: ClusterClient, object: KubeObject, options: ApplyOptions = {}): Promise<{ outcome: Outcome; object: KubeObject }> {
  const before = await client.get(String(object.apiVersion), String(object.kind), namespaceOf(object), nameOf(object));
  let after: KubeObject;
  try {
    after = await client.apply(object, options);
  } catch (error) {
    if (error instanceof ApiError && error.code === 409 && error.reason === "Conflict") {
      const where = error.fields.length ? ` (${error.fields.join(", ")})` : "";
      throw new ApplyConflictError(`${object.kind} ${describe(object)}: fields are managed by someone else with other values${where}; re-run with --force-conflicts to take them over`);
    }
    throw error;
  }
  const outcome: Outcome = !before ? "created" : resourceVersionOf(before) === resourceVersionOf(after) ? "unchanged" : "configured";
  return { outcome, object: after };
}

function describe(o: KubeObject): string {
  const ns = namespaceOf(o);
  return ns ? `${ns}/${nameOf(o)}` : nameOf(o);
}
