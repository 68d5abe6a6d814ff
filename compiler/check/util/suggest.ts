/** Names longer than this get no suggestion: the distance is quadratic in their length. */
const MAX_SUGGESTED_LENGTH = 128;

/** Levenshtein distance, bounded: returns limit + 1 as soon as the distance must exceed it. */
export function editDistance(a: string, b: string, limit = 3): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  if (a.length > MAX_SUGGESTED_LENGTH || b.length > MAX_SUGGESTED_LENGTH) return a === b ? 0 : limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      rowMin = Math.min(rowMin, cur[j]!);
    }
    if (rowMin > limit) return limit + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

/** The closest candidate within edit distance 2 (or a case-insensitive match), for "did you mean". */
export function suggest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    if (candidate.toLowerCase() === name.toLowerCase()) return candidate;
    const d = editDistance(name, candidate, 2);
    if (d < bestDistance || (d === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= 2 ? best : undefined;
}

export function didYouMean(name: string, candidates: Iterable<string>): string {
  const s = suggest(name, candidates);
  return s ? `; did you mean '${s}'?` : "";
}

/** Up to this many declared names are listed whole; past it, the nearest NEAREST_SHOWN and a count. */
export const LISTED_IN_FULL = 20;
const NEAREST_SHOWN = 10;

/**
 * The names to show after "declared:" when none is close enough to suggest: every one, in
 * declaration order, when there are few; else the nearest to `name` (by edit distance, then
 * alphabetically) and how many more there are.
 */
export function declaredList(name: string, names: readonly string[]): string {
  if (names.length <= LISTED_IN_FULL) return names.join(", ");
  const limit = MAX_SUGGESTED_LENGTH;
  const nearest = names
    .map((n) => ({ n, d: editDistance(name, n, limit) }))
    .sort((a, b) => a.d - b.d || (a.n < b.n ? -1 : a.n > b.n ? 1 : 0))
    .slice(0, NEAREST_SHOWN)
    .map((x) => x.n);
  return `${nearest.join(", ")} and ${names.length - nearest.length} more`;
}
