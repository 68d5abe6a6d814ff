import type { Reporter } from "../../../lang/diagnostics/reporter.js";
import type { Span } from "../../../lang/diagnostics/span.js";
import type { LoweredApp } from "../lower/lowered.js";

export interface Edge {
  readonly to: string;
  /** Where the edge comes from, for diagnostics: the `depends` entry, or the app for stdlib edges. */
  readonly span: Span;
}

/**
 * The app dependency graph: stdlib `dependsOn` (required), stdlib `after` (only when declared)
 * and the user's `depends`. Returns each app's edges and a dependency order, or reports the
 * missing apps and the first cycle found.
 */
export function buildGraph(apps: readonly LoweredApp[], r: Reporter): { edges: Map<string, Edge[]>; order: string[] | undefined } {
  const byName = new Map(apps.map((a) => [a.name, a]));
  const edges = new Map<string, Edge[]>();
  for (const app of apps) {
    const list: Edge[] = [];
    const add = (to: string, span: Span) => {
      if (to !== app.name && !list.some((e) => e.to === to)) list.push({ to, span });
    };
    for (const need of app.definition?.dependsOn ?? []) {
      if (byName.has(need)) add(need, app.nameSpan);
      else {
        r.report("missingDependency", app.nameSpan, `app '${app.name}' needs app '${need}', which is not declared; add 'app ${need} {}'`, {
          fix: { message: `declare app '${need}'`, edits: [{ span: { ...app.span, end: app.span.start }, newText: `app ${need} {}\n\n` }] },
        });
      }
    }
    for (const after of app.definition?.after ?? []) if (byName.has(after)) add(after, app.nameSpan);
    for (const dep of app.depends) {
      if (dep.value === app.name) r.report("dependencyCycle", dep.span, `app '${app.name}' depends on itself`);
      else add(dep.value, dep.span);
    }
    edges.set(app.name, list);
  }
  const cycle = findCycle(apps.map((a) => a.name), edges);
  if (cycle) {
    const path = [...cycle, cycle[0]!].join(" → ");
    const first = cycle[0]!;
    const edge = edges.get(first)!.find((e) => e.to === cycle[1 % cycle.length]);
    r.report("dependencyCycle", edge?.span ?? byName.get(first)!.nameSpan, `dependency cycle: ${path}`, {
      related: cycle.map((name, i) => {
        const next = cycle[(i + 1) % cycle.length]!;
        const e = edges.get(name)!.find((x) => x.to === next);
        return { span: e?.span ?? byName.get(name)!.nameSpan, message: `'${name}' depends on '${next}'` };
      }),
    });
    return { edges, order: undefined };
  }
  return { edges, order: topologicalOrder(apps.map((a) => a.name), edges) };
}

/** Depth-first search; returns the first cycle as a list of names, or undefined. */
export function findCycle(names: readonly string[], edges: ReadonlyMap<string, readonly Edge[]>): string[] | undefined {
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const visit = (name: string): string[] | undefined => {
    state.set(name, 1);
    stack.push(name);
    for (const { to } of edges.get(name) ?? []) {
      if (!edges.has(to)) continue;
      if (state.get(to) === 1) return stack.slice(stack.indexOf(to));
      if (!state.has(to)) {
        const found = visit(to);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(name, 2);
    return undefined;
  };
  for (const name of names) {
    if (state.has(name)) continue;
    const found = visit(name);
    if (found) return found;
  }
  return undefined;
}

/** Kahn's algorithm; ties go to the app declared first, so the order is stable under edits elsewhere. */
export function topologicalOrder(names: readonly string[], edges: ReadonlyMap<string, readonly Edge[]>): string[] {
  const placed = new Set<string>();
  const order: string[] = [];
  while (order.length < names.length) {
    const next = names.find((n) => !placed.has(n) && (edges.get(n) ?? []).every((e) => placed.has(e.to) || !edges.has(e.to)));
    if (next === undefined) break;
    placed.add(next);
    order.push(next);
  }
  return order;
}
