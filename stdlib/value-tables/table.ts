import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * A chart's values as a table of facts (README.md beside this file): a node per key, with its
 * types, enum and, for a map, which keys it takes. Written by bin/derive-value-tables.mjs.
 */
export interface ValueNode {
  /** Absent: any type. */
  readonly type?: readonly ValueType[];
  readonly enum?: readonly (string | number | boolean | null)[];
  /** The chart's default, where values.yaml gives a short scalar one. */
  readonly default?: string | number | boolean;
  readonly keys?: Readonly<Record<string, ValueNode>>;
  /** The node under keys of the user's choosing (`controllers.<name>`). */
  readonly values?: ValueNode;
  /** No keys but `keys` (and none of the user's choosing). */
  readonly closed?: true;
  readonly items?: ValueNode;
  readonly required?: readonly string[];
  /** A shared node in the table's `defs`. */
  readonly ref?: string;
}

export type ValueType = "string" | "integer" | "number" | "boolean" | "object" | "array" | "null";

export interface ValueTable {
  readonly chart: string;
  readonly version: string;
  readonly root: ValueNode;
  readonly defs: Readonly<Record<string, ValueNode>>;
}

/** The node a `ref` stands for; a dangling one is any value. */
export function resolveNode(table: ValueTable, node: ValueNode): ValueNode {
  let at = node;
  for (let hops = 0; at.ref !== undefined && hops < 32; hops++) at = table.defs[at.ref] ?? {};
  return at.ref !== undefined ? {} : at;
}

/** The node under a key: a known key's, else the one for keys of the user's choosing (`__proto__` is just a name). */
export function childOf(node: ValueNode, key: string): ValueNode | undefined {
  return (node.keys && Object.hasOwn(node.keys, key) ? node.keys[key] : undefined) ?? node.values;
}

/** Versions compare without a leading v: cert-manager is tagged v1.18.2, its table is 1.18.2. */
function fileName(chart: string, version: string): string {
  return `${chart}-${version.replace(/^v/, "")}.json`;
}

/** stdlib/value-tables under the package root, from dist/stdlib/…, dist/bundle/… and an installed package alike. */
function tablesDir(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return join(dir, "stdlib", "value-tables");
}

const cache = new Map<string, ValueTable | undefined>();

/**
 * The table of a chart at a version, read on first use (only apps with a `values` block need
 * one); undefined when labc has none. Chart names are the last segment of the chart's OCI
 * reference (`app-template` for bjw-s app-template).
 */
export function valueTable(chart: string, version: string): ValueTable | undefined {
  const name = fileName(chart, version);
  if (cache.has(name)) return cache.get(name);
  let table: ValueTable | undefined;
  const dir = tablesDir();
  const path = dir && join(dir, name);
  if (path && /^[a-z0-9-]+-[0-9A-Za-z.+-]+\.json$/.test(name) && existsSync(path)) {
    table = JSON.parse(readFileSync(path, "utf8")) as ValueTable;
  }
  cache.set(name, table);
  return table;
}
