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

export function escapeValuesForFlux(value: unknown): unknown {
  if (typeof value === "string") return escapeForFlux(value);
  if (Array.isArray(value)) return value.map(escapeValuesForFlux);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeValuesForFlux(v)]));
  }
  return value;
}

/** The first Flux substitution left in a tree (for bootstrap values, which helmfile installs as they are). */
export function findSubstitution(value: unknown, path: string[] = []): { path: string; text: string } | undefined {
  if (typeof value === "string") {
    const m = /(?<!\$)\$\{[^}]*\}/.exec(value);
    return m ? { path: path.join("."), text: m[0] } : undefined;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findSubstitution(value[i], [...path, String(i)]);
      if (found) return found;
    }
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      const found = findSubstitution(v, [...path, k]);
      if (found) return found;
    }
  }
  return undefined;
}

