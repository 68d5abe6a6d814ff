import { isDeepStrictEqual } from "node:util";
import { parseAllDocuments } from "yaml";

/**
 * Machine configs hold the cluster's private keys, so a failed comparison must not print them:
 * these helpers name where two configs part (line numbers, document kinds, key paths) and blank
 * out every long token (keys, certificates, tokens) in the lines they show.
 */
function redact(line: string): string {
  return line.replace(/[A-Za-z0-9+/=_.:-]{24,}/g, "<redacted>");
}

/** The documents of a machine config as plain values. */
export function configDocuments(text: string): unknown[] {
  return parseAllDocuments(text).map((d) => {
    if (d.errors.length > 0) throw new Error(`machine config does not parse: ${d.errors[0]!.message}`);
    return d.toJS({ maxAliasCount: -1 }) as unknown;
  });
}

function kindOf(doc: unknown): string {
  if (doc && typeof doc === "object" && "kind" in doc) return String((doc as { kind: unknown }).kind);
  return "v1alpha1";
}

function differingPaths(a: unknown, b: unknown, path: string, out: string[]): void {
  if (out.length >= 10 || isDeepStrictEqual(a, b)) return;
  if (a && b && typeof a === "object" && typeof b === "object" && Array.isArray(a) === Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    const aKeys = Object.keys(a).join(",");
    const bKeys = Object.keys(b).join(",");
    if (!Array.isArray(a) && aKeys !== bKeys && [...keys].every((k) => isDeepStrictEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))) {
      out.push(`${path || "/"}: key order ${aKeys} vs ${bKeys}`);
      return;
    }
    for (const k of keys) differingPaths((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}/${k}`, out);
    return;
  }
  out.push(path || "/");
}

/** Where two machine configs differ as parsed documents, or undefined when they are equal. */
export function documentDifference(ours: string, theirs: string): string | undefined {
  const a = configDocuments(ours);
  const b = configDocuments(theirs);
  if (isDeepStrictEqual(a, b)) return undefined;
  const kindsA = a.map(kindOf).join(", ");
  const kindsB = b.map(kindOf).join(", ");
  if (kindsA !== kindsB) return `documents differ: [${kindsA}] vs [${kindsB}]`;
  const paths: string[] = [];
  a.forEach((doc, i) => {
    const at: string[] = [];
    differingPaths(doc, b[i], "", at);
    paths.push(...at.map((p) => `${kindOf(doc)} ${p}`));
  });
  return `values differ at ${paths.slice(0, 10).join("; ")}`;
}

/** The first line where two texts differ, redacted, or undefined when they are byte-identical. */
export function byteDifference(ours: string, theirs: string): string | undefined {
  if (ours === theirs) return undefined;
  const a = ours.split("\n");
  const b = theirs.split("\n");
  const i = a.findIndex((line, n) => line !== b[n]);
  const at = i === -1 ? a.length : i;
  return `first difference at line ${at + 1}: ${JSON.stringify(redact(a[at] ?? "<end>"))} vs ${JSON.stringify(redact(b[at] ?? "<end>"))}`;
}
