/**
 * Flux postBuild substitution replaces `${VAR}` (and `${VAR/pat/rep}`, `${VAR:=default}`) in
 * every string of a Kustomization's output; `$${…}` is its escape for a literal `${…}`.
 */

/** Escapes every `${` so Flux leaves it alone: for user text that is not meant for Flux. */
export function escapeFluxSubstitution(s: string): string {
  // A replacer function: in a replacement *string*, `$$` would collapse to a single `$`.
  return s.replace(/\$\{/g, () => "$${");
}

/** A string in a value tree that Flux would touch, with where it sits. */
export interface SubstitutionHit {
  readonly path: readonly (string | number)[];
  readonly value: string;
}

/**
 * Every string under `value` (keys included) containing `${`, escaped or not. Both forms differ
 * from what Flux applies, so neither may reach a place Flux does not process (helmfile values).
 */
export function findFluxSubstitutions(value: unknown, path: readonly (string | number)[] = []): SubstitutionHit[] {
  if (typeof value === "string") return value.includes("${") ? [{ path, value }] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => findFluxSubstitutions(v, [...path, i]));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => [
      ...(k.includes("${") ? [{ path: [...path, k], value: k }] : []),
      ...findFluxSubstitutions(v, [...path, k]),
    ]);
  }
  return [];
}
