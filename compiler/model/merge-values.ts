/**
 * How Helm values combine, the one rule for the model's `AppModel.values` (definition defaults,
 * then the user's `values { … }`) and for a route's values over them: maps merge key by key;
 * lists and scalars from `over` replace those in `base`, as Helm does with `--values` files.
 */
export function mergeValues(base: Readonly<Record<string, unknown>>, over: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    // Own properties only: `out["__proto__"]` would be Object.prototype, `out.constructor` Object.
    const prev = Object.hasOwn(out, key) ? out[key] : undefined;
    setValue(out, key, isMap(prev) && isMap(value) ? mergeValues(prev, value) : value);
  }
  return out;
}

/**
 * `target[key] = value` for a Helm values map. Plain assignment would run the `__proto__` setter
 * (replacing the map's prototype, so the key vanishes) instead of adding a value of that name.
 */
export function setValue(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

function isMap(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}
