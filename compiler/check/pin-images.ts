import type { LockedVersions, PinKind, VersionPin } from "../model/version-pins.js";

/**
 * An image a stdlib definition names (`{ repository, tag }` anywhere in its default values) at
 * the version labc picks: versions.lock.yaml's tag for that repository, else the definition's.
 * Each such image is recorded in `pins`, unless the user's values set that tag themselves (then
 * cluster.lab is its source, and the lock has no say).
 */
export function pinImageTags(defaults: Record<string, unknown>, userValues: Readonly<Record<string, unknown>>, locked: LockedVersions | undefined, pins: VersionPin[]): Record<string, unknown> {
  const walk = (node: unknown, user: unknown): unknown => {
    if (Array.isArray(node)) return node.map((item, i) => walk(item, Array.isArray(user) ? user[i] : undefined));
    if (node === null || typeof node !== "object") return node;
    const map = node as Record<string, unknown>;
    const mine = user !== null && typeof user === "object" && !Array.isArray(user) ? (user as Record<string, unknown>) : undefined;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(map)) out[key] = walk(value, mine?.[key]);
    const repository = map["repository"];
    if (typeof repository === "string" && typeof map["tag"] === "string" && mine?.["tag"] === undefined) {
      const tag = locked?.get(repository)?.version ?? map["tag"];
      out["tag"] = tag;
      pins.push({ kind: "image", datasource: "docker", depName: repository, version: tag });
    }
    return out;
  };
  return walk(defaults, userValues) as Record<string, unknown>;
}

const KIND_ORDER: readonly PinKind[] = ["chart", "image", "flux", "tool", "action"];

/** One pin per depName, grouped by kind, in name order: the lock file is written in this order. */
export function sortPins(pins: readonly VersionPin[]): VersionPin[] {
  const byName = new Map<string, VersionPin>();
  for (const pin of pins) if (!byName.has(pin.depName)) byName.set(pin.depName, pin);
  return [...byName.values()].sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || (a.depName < b.depName ? -1 : a.depName > b.depName ? 1 : 0));
}
