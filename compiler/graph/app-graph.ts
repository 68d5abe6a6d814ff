import type { ClusterModel } from "../model/model.js";
import { diagramId, DIAGRAM_SCHEMA_VERSION, type Diagram, type DiagramGroup, type DiagramNode } from "./diagram.js";

/**
 * The app dependency graph: one box per namespace, an arrow from each app to the apps installed
 * after it (helmfile `needs`, the install order): solid where the later app also needs it at run
 * time (Flux `dependsOn`), dashed where it is only installed later. Apps helmfile installs before Flux are marked.
 */
export function appGraph(cluster: ClusterModel): Diagram {
  const groups: DiagramGroup[] = [];
  const seen = new Set<string>();
  for (const app of cluster.apps) {
    if (seen.has(app.namespace)) continue;
    seen.add(app.namespace);
    groups.push({ id: diagramId("ns", app.namespace), label: `namespace ${app.namespace}` });
  }
  const nodes: DiagramNode[] = cluster.apps.map((app) => ({
    id: appId(app.name),
    label: [app.name, `${app.chart.kind === "app-template" ? "app-template " : ""}${app.chart.version}`],
    group: diagramId("ns", app.namespace),
    role: app.bootstrap ? "bootstrap-app" : "app",
  }));
  const edges = cluster.apps.flatMap((app) =>
    app.installAfter.map((dep) => ({
      from: appId(dep.name),
      to: appId(app.name),
      ...(app.dependsOn.some((d) => d.name === dep.name) ? {} : { dashed: true }),
    })),
  );
  return {
    schemaVersion: DIAGRAM_SCHEMA_VERSION,
    kind: "apps",
    title: `Apps of cluster ${cluster.name}`,
    legend: "A --> B: B needs A at run time and Flux waits for it; A -.-> B: B is only installed after A; bootstrap apps are installed by helmfile before Flux",
    direction: "LR",
    groups,
    nodes,
    edges,
  };
}

function appId(name: string): string {
  return diagramId("app", name);
}
