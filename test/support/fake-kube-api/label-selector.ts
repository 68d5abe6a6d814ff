/** Equality- and existence-based label selectors (`a=b,c!=d,e,!f`), as list and watch accept them. */
export type LabelMatcher = (labels: Record<string, string> | undefined) => boolean;

export function parseLabelSelector(text: string | null): LabelMatcher {
  if (!text) return () => true;
  const terms = text.split(",").map((t) => t.trim()).filter(Boolean).map((t): LabelMatcher => {
    const ne = /^([^!=]+)!=(.*)$/.exec(t);
    if (ne) return (l) => l?.[ne[1]!] !== ne[2];
    const eq = /^([^!=]+)==?(.*)$/.exec(t);
    if (eq) return (l) => l?.[eq[1]!] === eq[2];
    if (t.startsWith("!")) return (l) => l?.[t.slice(1)] === undefined;
    return (l) => l?.[t] !== undefined;
  });
  return (labels) => terms.every((m) => m(labels));
}

/** Only `metadata.name` and `metadata.namespace` field selectors, the ones labc sends. */
export function parseFieldSelector(text: string | null): (obj: { metadata?: Record<string, unknown> }) => boolean {
  if (!text) return () => true;
  const terms = text.split(",").map((t) => {
    const m = /^(metadata\.name|metadata\.namespace)(==?|!=)(.*)$/.exec(t.trim());
    if (!m) throw new Error(`field label not supported: ${t}`);
    return { field: m[1]!.slice("metadata.".length), negate: m[2] === "!=", value: m[3]! };
  });
  return (obj) => terms.every((t) => (obj.metadata?.[t.field] === t.value) !== t.negate);
}
