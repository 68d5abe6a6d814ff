/**
 * Flux post-build substitution. `${VAR}` (and `${VAR/a/b}`, `${VAR:=x}`) with a variable the
 * cluster defines stays for Flux; any other `${` is escaped to `$${`, which Flux turns back
 * into a literal `${`, so a shell snippet in values is not silently blanked by Flux.
 */
export const SUBSTITUTION_VARIABLES = ["SECRET_DOMAIN"] as const;

const PATTERN = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)?([^}]*)\}?/g;

export function escapeForFlux(text: string, known: readonly string[] = SUBSTITUTION_VARIABLES): string {
  if (!text.includes("${")) return text;
  return text.replace(PATTERN, (match, name: string | undefined) => {
    if (match === "$${") return match;
    if (name && known.includes(name) && match.endsWith("}")) return match;
    return `$${match}`;
  });
}

/**
 * Every string of a values tree, map keys included: Flux substitutes keys as well. A tree with
 * no `${` anywhere is returned as it is (the values are never modified in place): the language
 * server builds the model after every keystroke, and copying every app's values was a tenth of it.
 */
export function escapeValuesForFlux(value: unknown): unknown {
  return holdsSubstitution(value) ? escapeTree(value) : value;
}

/** Per values object: the checker's memo hands the language server the same objects again after each keystroke. */
const holdsByObject = new WeakMap<object, boolean>();

function holdsSubstitution(value: unknown): boolean {
  if (typeof value === "string") return value.includes("${");
  if (!value || typeof value !== "object") return false;
  const known = holdsByObject.get(value);
  if (known !== undefined) return known;
  let holds = false;
  if (Array.isArray(value)) holds = value.some(holdsSubstitution);
  else for (const key of Object.keys(value)) if (key.includes("${") || holdsSubstitution((value as Record<string, unknown>)[key])) { holds = true; break; }
  holdsByObject.set(value, holds);
  return holds;
}

function escapeTree(value: unknown): unknown {
  if (typeof value === "string") return escapeForFlux(value);
  if (Array.isArray(value)) return value.map(escapeTree);
  if (value && typeof value === "object") {
    // fromEntries defines own properties, so a `__proto__` key stays a key.
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [escapeForFlux(k), escapeTree(v)]));
  }
  return value;
}

/**
 * The first Flux substitution left in a tree, keys included (for bootstrap values, which helmfile
 * installs as they are).
 */
export function findSubstitution(value: unknown, path: string[] = []): { path: string; text: string } | undefined {
  if (typeof value === "string") {
    const text = substitutionIn(value);
    return text ? { path: path.join("."), text } : undefined;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findSubstitution(value[i], [...path, String(i)]);
      if (found) return found;
    }
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      const inKey = substitutionIn(k);
      if (inKey) return { path: [...path, k].join("."), text: inKey };
      const found = findSubstitution(v, [...path, k]);
      if (found) return found;
    }
  }
  return undefined;
}


function substitutionIn(text: string): string | undefined {
  return /(?<!\$)\$\{[^}]*\}/.exec(text)?.[0];
}
