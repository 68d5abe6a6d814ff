/**
 * The `values { … }` that turn labc's defaults for an app into the values found in the
 * repository. labc deep-merges the user's values over the defaults (maps key by key, anything
 * else replaced, new keys after the defaults' keys), so the override is what differs, map by
 * map. What a merge cannot express is reported: a default key the repository lacks, or shared
 * keys in another order (the YAML would differ).
 */
export function valuesOverride(actual: Readonly<Record<string, unknown>>, base: Readonly<Record<string, unknown>>, path = "values"): { override: Record<string, unknown>; problems: string[] } {
  const override: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [k, v] of Object.entries(actual)) {
    if (!(k in base)) {
      override[k] = v;
      continue;
    }
    const b = base[k];
    if (isMap(v) && isMap(b)) {
      const sub = valuesOverride(v, b, `${path}.${k}`);
      problems.push(...sub.problems);
      if (Object.keys(sub.override).length > 0) override[k] = sub.override;
    } else if (!sameValue(v, b)) {
      override[k] = v;
    }
  }
  const missing = Object.keys(base).filter((k) => !(k in actual));
  for (const k of missing) problems.push(`${path}.${k} is set by labc's defaults but absent here; a values override cannot remove it`);
  const shared = Object.keys(actual).filter((k) => k in base);
  const baseOrder = Object.keys(base).filter((k) => k in actual);
  if (shared.join("\u0000") !== baseOrder.join("\u0000")) problems.push(`${path}: keys are in another order than labc writes them (${shared.join(", ")})`);
  return { override, problems };
}

export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (isMap(a) && isMap(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.join("\u0000") === kb.join("\u0000") && ka.every((k) => sameValue(a[k], b[k]));
  }
  return false;
}

function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}
