import type { Diagram, DiagramGroup } from "./diagram.js";

/**
 * Mermaid flowchart source. Labels are always quoted, with the characters Mermaid treats
 * specially written as its entity codes, so a name can never break the syntax.
 */
const STYLES: Readonly<Record<string, string>> = {
  "bootstrap-app": "fill:#e8f5e9,stroke:#388e3c,stroke-width:2px",
  app: "fill:#e3f2fd,stroke:#1976d2",
  controlplane: "fill:#90caf9,stroke:#1976d2,stroke-width:2px",
  worker: "fill:#e3f2fd,stroke:#1976d2",
  vip: "fill:#ffcc80,stroke:#f57c00,stroke-width:2px",
  router: "fill:#eeeeee,stroke:#616161",
  "load-balancer": "fill:#fff3e0,stroke:#f57c00",
  "cluster-dns": "fill:#f3e5f5,stroke:#7b1fa2",
  network: "fill:#e8f5e9,stroke:#388e3c",
  external: "fill:#fff9c4,stroke:#f57f17",
};

export function mermaidLabel(lines: readonly string[]): string {
  const escaped = lines.map((line) =>
    line.replace(/[#"<>&]/g, (c) => ({ "#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "&": "#amp;" })[c]!),
  );
  return `"${escaped.join("<br/>")}"`;
}

export function renderMermaid(diagram: Diagram): string {
  const out: string[] = [`flowchart ${diagram.direction}`, `  %% ${diagram.title}: ${diagram.legend.replace(/%%/g, "%")}`];
  const children = new Map<string | undefined, DiagramGroup[]>();
  for (const g of diagram.groups) children.set(g.parent, [...(children.get(g.parent) ?? []), g]);

  const writeGroup = (group: DiagramGroup | undefined, indent: string): void => {
    for (const node of diagram.nodes.filter((n) => n.group === group?.id)) out.push(`${indent}${node.id}[${mermaidLabel(node.label)}]`);
    for (const child of children.get(group?.id) ?? []) {
      out.push(`${indent}subgraph ${child.id}[${mermaidLabel([child.label])}]`);
      writeGroup(child, `${indent}  `);
      out.push(`${indent}end`);
    }
  };
  writeGroup(undefined, "  ");

  for (const edge of diagram.edges) {
    const arrow = edge.dashed ? "-.->" : "-->";
    out.push(`  ${edge.from} ${arrow}${edge.label ? `|${mermaidLabel([edge.label])}|` : ""} ${edge.to}`);
  }
  const roles = [...new Set(diagram.nodes.map((n) => n.role))].filter((r) => STYLES[r]);
  for (const role of roles) {
    const cls = role.replace(/[^A-Za-z0-9]/g, "_");
    out.push(`  classDef ${cls} ${STYLES[role]}`);
    out.push(`  class ${diagram.nodes.filter((n) => n.role === role).map((n) => n.id).join(",")} ${cls}`);
  }
  return out.join("\n") + "\n";
}
