/**
 * What `labc graph` draws, independent of the output format. The JSON format is this structure
 * as it is (`DIAGRAM_SCHEMA_VERSION` says which shape), so scripts read the same graph the
 * Mermaid and DOT renderers draw.
 */
export const DIAGRAM_SCHEMA_VERSION = 1;

export type DiagramKind = "apps" | "architecture";

/** A box that holds nodes and other groups: a namespace, a network, the cluster. */
export interface DiagramGroup {
  readonly id: string;
  readonly label: string;
  /** The enclosing group, if any. */
  readonly parent?: string;
}

export interface DiagramNode {
  /** Unique, `[A-Za-z0-9_]` only, never a renderer keyword. */
  readonly id: string;
  /** One entry per line. */
  readonly label: readonly string[];
  readonly group?: string;
  /**
   * What the node is, for styling and for scripts: `app`, `bootstrap-app` (installed by helmfile
   * before Flux), `controlplane`, `worker`, `vip`, `router`, `load-balancer`, `cluster-dns`,
   * `network`, `external`.
   */
  readonly role: string;
}

export interface DiagramEdge {
  readonly from: string;
  readonly to: string;
  readonly label?: string;
  /** A relation rather than a flow: drawn dashed. */
  readonly dashed?: boolean;
}

export interface Diagram {
  readonly schemaVersion: typeof DIAGRAM_SCHEMA_VERSION;
  readonly kind: DiagramKind;
  readonly title: string;
  /** How to read an edge, e.g. "A --> B: B waits for A". */
  readonly legend: string;
  readonly direction: "TB" | "LR";
  readonly groups: readonly DiagramGroup[];
  readonly nodes: readonly DiagramNode[];
  readonly edges: readonly DiagramEdge[];
}

/** A stable identifier from any name: `kube-system` → `kube_system`. */
export function diagramId(prefix: string, name: string): string {
  return `${prefix}_${name.replace(/[^A-Za-z0-9]/g, "_")}`;
}
