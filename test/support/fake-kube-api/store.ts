import { randomUUID } from "node:crypto";
import { BUILTIN_TYPES, groupVersion, typesOfCrd, type KubeObject, type ResourceType } from "./resources.js";

/**
 * The fake's etcd: every object with one cluster-wide resourceVersion counter, and an event log
 * that watches replay from a resourceVersion (410 Gone below the compaction floor, as etcd).
 */

export type EventType = "ADDED" | "MODIFIED" | "DELETED";

export interface StoredEvent {
  readonly rv: number;
  readonly type: EventType;
  readonly typeKey: string;
  readonly object: KubeObject;
}

export type Listener = (event: StoredEvent) => void;

const typeKey = (t: { group: string; resource: string }) => `${t.group}|${t.resource}`;

export class Store {
  private readonly objects = new Map<string, KubeObject>();
  private readonly log: StoredEvent[] = [];
  private readonly listeners = new Set<Listener>();
  private rv = 100;
  /** Watches from below this resourceVersion get 410 Gone. */
  private floor = 0;

  get resourceVersion(): number {
    return this.rv;
  }

  types(): ResourceType[] {
    const crds = this.list(BUILTIN_TYPES.find((t) => t.kind === "CustomResourceDefinition")!);
    return [...BUILTIN_TYPES, ...crds.flatMap(typesOfCrd)];
  }

  findType(group: string, version: string, resource: string): ResourceType | undefined {
    return this.types().find((t) => t.group === group && t.version === version && t.resource === resource);
  }

  typeOf(apiVersion: string, kind: string): ResourceType | undefined {
    return this.types().find((t) => groupVersion(t) === apiVersion && t.kind === kind);
  }

  get(t: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    const o = this.objects.get(this.key(t, namespace, name));
    return o ? this.present(t, o) : undefined;
  }

  list(t: ResourceType, namespace?: string): KubeObject[] {
    const prefix = `${typeKey(t)}|`;
    return [...this.objects.entries()]
      .filter(([k, o]) => k.startsWith(prefix) && (namespace === undefined || o.metadata?.["namespace"] === namespace))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, o]) => this.present(t, o));
  }

  /** Stores a new or changed object: bumps the resourceVersion and tells the watches. */
  write(t: ResourceType, object: KubeObject): KubeObject {
    const meta = (object.metadata ??= {});
    const k = this.key(t, meta["namespace"] as string | undefined, String(meta["name"]));
    const existed = this.objects.has(k);
    meta["uid"] ??= randomUUID();
    meta["creationTimestamp"] ??= new Date().toISOString().replace(/\.\d+Z$/, "Z");
    meta["resourceVersion"] = String(++this.rv);
    const stored = structuredClone(object);
    this.objects.set(k, stored);
    this.emit({ rv: this.rv, type: existed ? "MODIFIED" : "ADDED", typeKey: typeKey(t), object: structuredClone(stored) });
    return this.present(t, stored);
  }

  remove(t: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    const k = this.key(t, namespace, name);
    const o = this.objects.get(k);
    if (!o) return undefined;
    this.objects.delete(k);
    const gone = structuredClone(o);
    gone.metadata!["resourceVersion"] = String(++this.rv);
    this.emit({ rv: this.rv, type: "DELETED", typeKey: typeKey(t), object: gone });
    return this.present(t, gone);
  }

  /** Events of one type after `from`, or undefined when they were compacted away. */
  eventsSince(t: ResourceType, from: number): StoredEvent[] | undefined {
    if (from < this.floor) return undefined;
    return this.log.filter((e) => e.rv > from && e.typeKey === typeKey(t)).map((e) => ({ ...e, object: this.present(t, e.object) }));
  }

  /** Forgets the event history, as etcd compaction does. */
  compact(): void {
    this.floor = this.rv;
    this.log.length = 0;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  isType(event: StoredEvent, t: ResourceType): boolean {
    return event.typeKey === typeKey(t);
  }

  /** Every object of every type, for end-state comparisons in tests. */
  all(): KubeObject[] {
    return [...this.objects.values()].map((o) => structuredClone(o));
  }

  /** Served as the requested version: the fake stores one version and converts by relabelling. */
  present(t: ResourceType, o: KubeObject): KubeObject {
    return { ...structuredClone(o), apiVersion: groupVersion(t) };
  }

  private key(t: ResourceType, namespace: string | undefined, name: string): string {
    return `${typeKey(t)}|${t.namespaced ? (namespace ?? "") : ""}|${name}`;
  }

  private emit(event: StoredEvent): void {
    this.log.push(event);
    for (const l of this.listeners) l(event);
  }
}
