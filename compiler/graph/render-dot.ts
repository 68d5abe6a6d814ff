import type { Diagram, DiagramGroup } from "./diagram.js";

/** Graphviz DOT. Every identifier and label is a quoted string, so any name is safe. */
const FILL: Readonly<Record<string, string>> = {
  "bootstrap-app": "#e8f5e9",
  app: "#e3f2fd",
  controlplane: "#90caf9",
  worker: "#e3f2fd",
  vip: "#ffcc80",
  router: "#eeeeee",
  "load-balancer": "#fff3e0",
  "cluster-dns": "#f3e5f5",
  network: "#e8f5e9",
  external: "#fff9c4",
};

export function dotString(text: string): string {
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

export function renderDot(diagram: Diagram): string {
  const out: string[] = [
    `digraph ${dotString(diagram.kind)} {`,
    `  // ${diagram.title}: ${diagram.legend.replace(/\n/g, " ")}`,
    `  label=${dotString(diagram.title)};`,
    "  labelloc=t;",
    `  rankdir=${diagram.direction};`,
    '  node [shape=box, style="rounded,filled", fontname="Helvetica", fillcolor="#ffffff"];',
    '  edge [fontname="Helvetica", fontsize=10];',
  ];
  const children = new Map<string | undefined, DiagramGroup[]>();
  for (const g of diagram.groups) children.set(g.parent, [...(children.get(g.parent) ?? []), g]);

  const writeGroup = (group: DiagramGroup | undefined, indent: string): void => {
    for (const node of diagram.nodes.filter((n) => n.group === group?.id)) {
      const fill = FILL[node.role];
      out.push(`${indent}${dotString(node.id)} [label=${dotString(node.label.join("\n"))}${fill ? `, fillcolor=${dotString(fill)}` : ""}];`);
    }
    for (const child of children.get(group?.id) ?? []) {
      // Only subgraphs named cluster_* are drawn as boxes.
      out.push(`${indent}subgraph ${dotString(`cluster_${child.id}`)} {`, `${indent}  label=${dotString(child.label)};`);
      writeGroup(child, `${indent}  `);
      out.push(`${indent}}`);
    }
  };
  writeGroup(undefined, "  ");
  for (const edge of diagram.edges) {
    const attrs = [edge.label ? `label=${dotString(edge.label)}` : "", edge.dashed ? "style=dashed" : ""].filter((a) => a);
    out.push(`  ${dotString(edge.from)} -> ${dotString(edge.to)}${attrs.length ? ` [${attrs.join(", ")}]` : ""};`);
  }
  out.push("}");
  return out.join("\n") + "\n";
}
