import { deepEqual, deletePath, dotted, fromFieldsV1, getPath, key, leafPaths, overlaps, setPath, toFieldsV1, type FieldPath } from "./field-set.js";
import type { KubeObject } from "./resources.js";

/**
 * Server-side apply for one object, following
 * https://kubernetes.io/docs/reference/using-api/server-side-apply/: the applier owns exactly the
 * fields in its configuration; a field another manager owns with a different value is a
 * conflict unless `force` takes it over; fields the applier owned before but left out are
 * removed unless someone else still owns them.
 */

export interface ManagedEntry {
  manager: string;
  operation: "Apply" | "Update";
  apiVersion: string;
  time: string;
  fieldsType: "FieldsV1";
  fieldsV1: Record<string, unknown>;
}

export interface ApplyInput {
  readonly current: KubeObject | undefined;
  readonly applied: KubeObject;
  readonly manager: string;
  readonly force: boolean;
  /** Resources with a status subresource ignore `status` in the main resource. */
  readonly statusSubresource: boolean;
  readonly now: string;
}

export type ApplyOutcome =
  | { readonly kind: "conflict"; readonly conflicts: readonly { manager: string; field: string }[] }
  | { readonly kind: "ok"; readonly object: KubeObject; readonly changed: boolean };

export function managedSets(obj: KubeObject | undefined): ManagedEntry[] {
  return structuredClone(((obj?.metadata as Record<string, unknown> | undefined)?.["managedFields"] as ManagedEntry[] | undefined) ?? []);
}

export function serverSideApply(input: ApplyInput): ApplyOutcome {
  const applied = structuredClone(input.applied);
  if (input.statusSubresource) delete applied["status"];
  const paths = leafPaths(applied);
  const current = input.current ? structuredClone(input.current) : ({ apiVersion: applied["apiVersion"], kind: applied["kind"], metadata: { ...(applied["metadata"] as object) } } as KubeObject);
  const entries = managedSets(input.current);

  const conflicts: { manager: string; field: string }[] = [];
  for (const entry of entries) {
    if (entry.manager === input.manager) continue;
    const owned = fromFieldsV1(entry.fieldsV1);
    for (const p of paths) {
      const clash = owned.find((o) => overlaps(o, p) && !deepEqual(getPath(current, o.length >= p.length ? o : p), getPath(applied, o.length >= p.length ? o : p)));
      if (clash) conflicts.push({ manager: entry.manager, field: dotted(clash.length >= p.length ? clash : p) });
    }
  }
  if (conflicts.length > 0 && !input.force) return { kind: "conflict", conflicts: dedupe(conflicts) };

  // Force moves ownership: the other managers lose every field the applier now sets.
  const others = entries
    .filter((e) => e.manager !== input.manager)
    .map((e) => {
      const owned = fromFieldsV1(e.fieldsV1);
      const kept = input.force ? owned.filter((o) => !paths.some((p) => overlaps(o, p) && !deepEqual(getPath(current, o), getPath(applied, o)))) : owned;
      return { entry: e, owned: kept };
    });
  const mine = entries.find((e) => e.manager === input.manager && e.operation === "Apply");
  const before = mine ? fromFieldsV1(mine.fieldsV1) : [];
  const now = new Set(paths.map(key));
  for (const p of before) {
    if (now.has(key(p))) continue;
    const stillOwned = others.some((o) => o.owned.some((q) => overlaps(q, p)));
    if (!stillOwned) deletePath(current as Record<string, unknown>, p);
  }
  for (const p of paths) setPath(current as Record<string, unknown>, p, getPath(applied, p));

  const nextEntries: ManagedEntry[] = [];
  for (const o of others) if (o.owned.length > 0) nextEntries.push({ ...o.entry, fieldsV1: toFieldsV1(o.owned) });
  const sameSet = mine !== undefined && deepEqual(toFieldsV1(paths), mine.fieldsV1);
  nextEntries.push({
    manager: input.manager,
    operation: "Apply",
    apiVersion: String(applied["apiVersion"]),
    // A no-op apply keeps the old timestamp, so it does not count as a write.
    time: sameSet ? mine!.time : input.now,
    fieldsType: "FieldsV1",
    fieldsV1: toFieldsV1(paths),
  });
  nextEntries.sort((a, b) => (a.manager < b.manager ? -1 : a.manager > b.manager ? 1 : 0));

  const meta = current["metadata"] as Record<string, unknown>;
  const oldEntries = managedSets(input.current).sort((a, b) => (a.manager < b.manager ? -1 : 1));
  delete meta["managedFields"];
  const withoutManaged = structuredClone(input.current ?? {}) as KubeObject;
  if (withoutManaged["metadata"]) delete (withoutManaged["metadata"] as Record<string, unknown>)["managedFields"];
  const changed = !input.current || !deepEqual(current, withoutManaged) || !deepEqual(oldEntries, nextEntries);
  meta["managedFields"] = nextEntries;
  return { kind: "ok", object: current, changed };
}

function dedupe(list: { manager: string; field: string }[]): { manager: string; field: string }[] {
  const seen = new Set<string>();
  return list.filter((c) => {
    const k = `${c.manager}\0${c.field}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export type { FieldPath };
