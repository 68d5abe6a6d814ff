/**
 * How Helm values combine, the one rule for the model's `AppModel.values` (definition defaults,
 * then the user's `values { … }`) and for a route's values over them: maps merge key by key;
 * lists and scalars from `over` replace those in `base`, as Helm does with `--values` files.
 */
export function mergeValues(base: Readonly<Record<string, unknown>>, over: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const prev = out[key];
    out[key] = isMap(prev) && isMap(value) ? mergeValues(prev, value) : value;
  }
  return out;
}

function isMap(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}
