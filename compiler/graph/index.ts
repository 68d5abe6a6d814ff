import type { ClusterModel } from "../model/model.js";
import { appGraph } from "./app-graph.js";
import { architectureGraph } from "./architecture-graph.js";
import type { Diagram, DiagramKind } from "./diagram.js";
import { renderDot } from "./render-dot.js";
import { renderMermaid } from "./render-mermaid.js";

export { appGraph, architectureGraph, renderDot, renderMermaid };
export { DIAGRAM_SCHEMA_VERSION, type Diagram, type DiagramKind } from "./diagram.js";

export type GraphFormat = "mermaid" | "dot" | "json";

export function diagramOf(cluster: ClusterModel, kind: DiagramKind): Diagram {
  return kind === "apps" ? appGraph(cluster) : architectureGraph(cluster);
}

export function renderDiagram(diagram: Diagram, format: GraphFormat): string {
  switch (format) {
    case "mermaid":
      return renderMermaid(diagram);
    case "dot":
      return renderDot(diagram);
    case "json":
      return JSON.stringify(diagram, null, 2) + "\n";
  }
}
