import type { Reporter } from "../../../lang/diagnostics/reporter.js";
import type { Span } from "../../../lang/diagnostics/span.js";
import type { LoweredApp } from "../lower/lowered.js";
import { declareApp, type DeclareContext } from "./declare-app-fix.js";

export interface Edge {
  readonly to: string;
  /**
   * `runtime`: the app's objects need the other's (CRDs, webhooks, data), so Flux waits for it;
   * `install`: only the order helmfile installs in, for a cluster without CNI or DNS yet.
   */
  readonly kind: "install" | "runtime";
  /** Where the edge comes from, for diagnostics: the `depends` entry, or the app for stdlib edges. */
  readonly span: Span;
}

/**
 * The app dependency graph, with typed edges: the stdlib's `installAfter` (required) and `after`
 * (only when declared) are install order; its `needs` (required) and the user's `depends` are
 * run-time needs. Returns each app's edges and a dependency order, or reports the missing apps
 * and the first cycle found. `declare` lets a missing app's fix set the parameters it requires.
 */
export function buildGraph(apps: readonly LoweredApp[], r: Reporter, declare?: DeclareContext): { edges: Map<string, Edge[]>; order: string[] | undefined } {
  const byName = new Map(apps.map((a) => [a.name, a]));
  const edges = new Map<string, Edge[]>();
  for (const app of apps) {
    const list: Edge[] = [];
    const add = (to: string, span: Span, kind: Edge["kind"]) => {
      if (to === app.name) return;
      const at = list.findIndex((e) => e.to === to);
      if (at < 0) list.push({ to, span, kind });
      else if (kind === "runtime" && list[at]!.kind === "install") list[at] = { to, span, kind };
    };
    const required = [...(app.definition?.installAfter ?? []).map((n) => [n, "install"] as const), ...(app.definition?.needs ?? []).map((n) => [n, "runtime"] as const)];
    for (const [need, kind] of required) {
      if (byName.has(need)) add(need, app.nameSpan, kind);
      else {
        const declaration = declareApp(need, app.span, declare ?? { definitions: new Map(), apps, secrets: new Set(), freeAddresses: [] });
        r.report("missingDependency", app.nameSpan, `app '${app.name}' needs app '${need}', which is not declared; add '${declaration.short}'`, { fix: declaration.fix });
      }
    }
    for (const after of app.definition?.after ?? []) if (byName.has(after)) add(after, app.nameSpan, "install");
    for (const dep of app.depends) {
      if (dep.value === app.name) r.report("dependencyCycle", dep.span, `app '${app.name}' depends on itself`);
      else add(dep.value, dep.span, "runtime");
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

/**
 * Kahn's algorithm; among the apps that are ready, the one declared first goes next, so the
 * order is stable under edits elsewhere. O((n + e) log n) with a binary heap of indices.
 */
export function topologicalOrder(names: readonly string[], edges: ReadonlyMap<string, readonly Edge[]>): string[] {
  const index = new Map(names.map((n, i) => [n, i]));
  const waiting = names.map(() => 0);
  const dependents = names.map((): number[] => []);
  names.forEach((name, i) => {
    for (const { to } of edges.get(name) ?? []) {
      const j = index.get(to);
      if (j === undefined) continue;
      waiting[i]!++;
      dependents[j]!.push(i);
    }
  });
  const heap = new MinHeap();
  waiting.forEach((w, i) => w === 0 && heap.push(i));
  const order: string[] = [];
  for (let i = heap.pop(); i !== undefined; i = heap.pop()) {
    order.push(names[i]!);
    for (const d of dependents[i]!) if (--waiting[d]! === 0) heap.push(d);
  }
  return order;
}

class MinHeap {
  private readonly items: number[] = [];

  push(x: number): void {
    const a = this.items;
    a.push(x);
    for (let i = a.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (a[p]! <= a[i]!) break;
      [a[p], a[i]] = [a[i]!, a[p]!];
      i = p;
    }
  }

  pop(): number | undefined {
    const a = this.items;
    if (a.length === 0) return undefined;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l]! < a[m]!) m = l;
        if (r < a.length && a[r]! < a[m]!) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i]!, a[m]!];
        i = m;
      }
    }
    return top;
  }
}
