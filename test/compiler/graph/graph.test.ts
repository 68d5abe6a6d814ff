import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

import { appGraph, architectureGraph, DIAGRAM_SCHEMA_VERSION, renderDiagram, renderDot, renderMermaid, type Diagram } from "../../../compiler/graph/index.js";
import { exampleModel } from "../../support/example-model.js";
import { layoutDot, parseMermaid } from "../../support/diagram-parsers.js";
import { repoPath } from "../../support/paths.js";

const examples = { homelab: exampleModel("homelab"), ha: exampleModel("ha") };

/** The documented JSON shape (compiler/graph/diagram.ts), checked field by field. */
function assertDiagramShape(value: unknown): asserts value is Diagram {
  const d = value as Diagram;
  assert.equal(d.schemaVersion, DIAGRAM_SCHEMA_VERSION);
  assert.ok(d.kind === "apps" || d.kind === "architecture");
  assert.ok(typeof d.title === "string" && typeof d.legend === "string");
  assert.ok(d.direction === "TB" || d.direction === "LR");
  const groups = new Set(d.groups.map((g) => g.id));
  const nodes = new Set(d.nodes.map((n) => n.id));
  assert.equal(groups.size, d.groups.length, "group ids are unique");
  assert.equal(nodes.size, d.nodes.length, "node ids are unique");
  for (const id of [...groups, ...nodes]) assert.match(id, /^[A-Za-z][A-Za-z0-9_]*$/);
  for (const g of d.groups) if (g.parent !== undefined) assert.ok(groups.has(g.parent), `group ${g.id}: parent ${g.parent}`);
  for (const n of d.nodes) {
    assert.ok(Array.isArray(n.label) && n.label.every((l) => typeof l === "string") && n.label.length > 0);
    assert.ok(typeof n.role === "string");
    if (n.group !== undefined) assert.ok(groups.has(n.group), `node ${n.id}: group ${n.group}`);
  }
  for (const e of d.edges) assert.ok(nodes.has(e.from) && nodes.has(e.to), `edge ${e.from} -> ${e.to}`);
}

for (const [name, model] of Object.entries(examples)) {
  for (const diagram of [appGraph(model), architectureGraph(model)]) {
    test(`${name} ${diagram.kind}: Mermaid parses as a flowchart, DOT lays out in Graphviz, JSON has the documented shape`, async () => {
      assert.equal(await parseMermaid(renderMermaid(diagram)), "flowchart-v2");
      assert.match(await layoutDot(renderDot(diagram)), /<svg/);
      const json = JSON.parse(renderDiagram(diagram, "json")) as unknown;
      assertDiagramShape(json);
      assert.deepEqual(json, JSON.parse(JSON.stringify(diagram)));
    });
  }
}

test("apps: every install-order edge is an arrow, solid where Flux waits at run time, dashed where only installed later", () => {
  const d = appGraph(examples.homelab);
  const edges = d.edges.map((e) => `${e.from}->${e.to}`);
  assert.ok(edges.includes("app_cilium->app_coredns"));
  assert.ok(edges.includes("app_cloudflare_tunnel->app_echo"));
  assert.equal(d.nodes.find((n) => n.id === "app_cilium")?.role, "bootstrap-app");
  assert.equal(d.nodes.find((n) => n.id === "app_echo")?.role, "app");
  assert.equal(d.nodes.find((n) => n.id === "app_echo")?.group, "ns_default");
  const deps = examples.homelab.apps.reduce((n, a) => n + a.installAfter.length, 0);
  assert.equal(d.edges.length, deps);
  const edge = (from: string, to: string) => d.edges.find((e) => e.from === from && e.to === to);
  assert.equal(edge("app_cilium", "app_coredns")?.dashed, true, "coredns is only installed after cilium");
  assert.equal(edge("app_flux_operator", "app_flux_instance")?.dashed, undefined, "the FluxInstance needs flux-operator's CRD");
  assert.equal(edge("app_cloudflare_tunnel", "app_echo")?.dashed, undefined, "the user's depends is a run-time need");
});

test("architecture: network, router, VIP, nodes and load-balancer addresses as in the guide's IP scheme", () => {
  const home = architectureGraph(examples.homelab);
  const label = (id: string) => home.nodes.find((n) => n.id === id)?.label.join(" ");
  assert.equal(home.groups[0]?.label, "network lan: 192.168.31.0/24");
  assert.equal(label("router_lan"), "router (default gateway) 192.168.31.1");
  assert.equal(label("vip"), "Kubernetes API VIP 192.168.31.240:6443");
  assert.equal(label("node_cp_01"), "cp-01 (control plane) 192.168.31.252");
  assert.deepEqual(
    home.nodes.filter((n) => n.role === "load-balancer").map((n) => n.label[1]),
    ["192.168.31.241", "192.168.31.242", "192.168.31.243"],
  );
  assert.equal(label("cluster_dns"), "cluster DNS (CoreDNS) 10.43.0.10");
  assert.ok(home.edges.some((e) => e.from === "internet" && e.to === "lb_cilium_external_gateway"));

  const ha = architectureGraph(examples.ha);
  assert.equal(ha.groups[0]?.label, "network servers: 10.20.0.0/24, VLAN 20");
  assert.equal(ha.edges.filter((e) => e.from === "vip").length, 3, "the VIP moves between the three control planes");
  assert.equal(ha.nodes.filter((n) => n.role === "worker").length, 2);
});

test("labels that look like syntax stay labels in Mermaid and DOT", async () => {
  const nasty: Diagram = {
    schemaVersion: DIAGRAM_SCHEMA_VERSION,
    kind: "apps",
    title: 'a "title" with %% and }',
    legend: "<b>not html</b> & #35; -->",
    direction: "LR",
    groups: [{ id: "end", label: 'end "subgraph" ]' }],
    nodes: [
      { id: "a_end", label: ['quote " <br/> #quot; & ]]', "line2 --> |x|"], group: "end", role: "app" },
      { id: "b", label: ["back\\slash\nnewline"], role: "vip" },
    ],
    edges: [{ from: "a_end", to: "b", label: '-->|"|', dashed: true }],
  };
  assert.equal(await parseMermaid(renderMermaid(nasty)), "flowchart-v2");
  const svg = await layoutDot(renderDot(nasty));
  assert.match(svg, /back\\slash/);
});

test("README: both Mermaid blocks of the generated README parse", async () => {
  for (const readme of [repoPath("out", "README.md"), repoPath("test", "fixtures", "example-ha", "expected", "README.md"), repoPath("test", "fixtures", "multi-nic", "expected", "README.md")]) {
    const blocks = [...readFileSync(readme, "utf8").matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]!);
    assert.equal(blocks.length, 2, readme);
    for (const block of blocks) assert.equal(await parseMermaid(block), "flowchart-v2");
  }
});

test("labc graph: formats and kinds on stdout, usage errors exit 2", () => {
  const run = (...args: string[]) => spawnSync(process.execPath, [repoPath("bin", "labc.js"), "graph", ...args], { encoding: "utf8", cwd: repoPath() });
  const json = run("examples/ha/cluster.lab", "--format", "json", "--kind", "architecture");
  assert.equal(json.status, 0, json.stderr);
  assertDiagramShape(JSON.parse(json.stdout));
  const mermaid = run("examples/homelab/cluster.lab");
  assert.equal(mermaid.status, 0, mermaid.stderr);
  assert.match(mermaid.stdout, /^flowchart LR\n/);
  const dot = run("examples/homelab/cluster.lab", "--format", "dot");
  assert.match(dot.stdout, /^digraph "apps" \{/);
  assert.equal(run("examples/homelab/cluster.lab", "--format", "svg").status, 2);
  assert.equal(run("examples/homelab/cluster.lab", "--kind", "nodes").status, 2);
});
