import type { FoundApp } from "./read-apps.js";

/** The order `labc init` and the examples declare the stdlib apps in. */
const USUAL_ORDER = ["cilium", "coredns", "spegel", "metrics-server", "reloader", "cert-manager", "flux-operator", "flux-instance", "cloudflare-dns", "cloudflare-tunnel", "k8s-gateway"];

/**
 * The order to declare the apps in. labc orders apps by dependencies, ties by declaration, and
 * writes the helmfile and the README in that order; declaring them in an order that already
 * respects the dependencies and the helmfile's order reproduces those files. Remaining ties follow the order `labc init` writes, then names.
 */
export function declarationOrder(apps: readonly FoundApp[], sequences: readonly (readonly string[])[]): FoundApp[] {
  const byName = new Map(apps.map((a) => [a.name, a]));
  const before = new Map<string, Set<string>>(apps.map((a) => [a.name, new Set<string>()]));
  for (const app of apps) for (const dep of app.dependsOn) if (byName.has(dep)) before.get(app.name)!.add(dep);
  for (const seq of sequences) {
    const known = seq.filter((n) => byName.has(n));
    for (let i = 1; i < known.length; i++) before.get(known[i]!)!.add(known[i - 1]!);
  }
  const rank = (a: FoundApp) => {
    const i = USUAL_ORDER.indexOf(a.definition?.id ?? "");
    return i < 0 || a.definition?.id === "app-template" ? 1000 : i;
  };
  const out: FoundApp[] = [];
  const done = new Set<string>();
  while (out.length < apps.length) {
    const ready = apps.filter((a) => !done.has(a.name) && [...before.get(a.name)!].every((d) => done.has(d)));
    // A cycle between the namespace lists and the dependencies: fall back to dependencies only.
    const pool = ready.length > 0 ? ready : apps.filter((a) => !done.has(a.name) && a.dependsOn.every((d) => done.has(d) || !byName.has(d)));
    const next = (pool.length > 0 ? pool : apps.filter((a) => !done.has(a.name))).sort((a, b) => rank(a) - rank(b) || (a.name < b.name ? -1 : 1))[0]!;
    done.add(next.name);
    out.push(next);
  }
  return out;
}
