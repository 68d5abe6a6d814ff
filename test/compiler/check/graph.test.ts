import { test } from "node:test";
import assert from "node:assert/strict";
import { findCycle, topologicalOrder, type Edge } from "../../../compiler/check/rules/graph.js";
import type { Span } from "../../../lang/diagnostics/span.js";

const at: Span = { file: "g.lab", start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };
const graph = (spec: Record<string, string[]>) => new Map(Object.entries(spec).map(([k, v]) => [k, v.map((to): Edge => ({ to, span: at, kind: "install" }))]));

test("dependencies first; ties in declaration order", () => {
  const edges = graph({ echo: ["tunnel"], cilium: [], coredns: ["cilium"], tunnel: ["cilium", "dns"], dns: ["cilium"], other: [] });
  assert.deepEqual(topologicalOrder([...edges.keys()], edges), ["cilium", "coredns", "dns", "tunnel", "echo", "other"]);
});

test("a cycle is found and named; edges to unknown apps are ignored", () => {
  const edges = graph({ a: ["b"], b: ["c"], c: ["a"], d: ["zzz"] });
  assert.deepEqual(findCycle([...edges.keys()], edges), ["a", "b", "c"]);
  assert.equal(findCycle(["d"], graph({ d: ["zzz"] })), undefined);
});

test("a long chain orders in linear-ish time", () => {
  const names = Array.from({ length: 5000 }, (_, i) => `app-${i}`);
  const edges = new Map(names.map((n, i) => [n, i === 0 ? [] : [{ to: names[i - 1]!, span: at, kind: "install" as const }]]));
  const reversed = [...names].reverse();
  assert.deepEqual(topologicalOrder(reversed, edges), names);
});
