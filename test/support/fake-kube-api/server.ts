import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { parse as parseYaml } from "yaml";
import { failure, notFound, type StatusBody } from "./api-status.js";
import { deepEqual, isMap, leafPaths, toFieldsV1 } from "./field-set.js";
import { parseFieldSelector, parseLabelSelector } from "./label-selector.js";
import { groupVersion, type KubeObject, type ResourceType } from "./resources.js";
import { serverSideApply, type ManagedEntry } from "./server-side-apply.js";
import { Store, type StoredEvent } from "./store.js";

/**
 * A loopback stand-in for the Kubernetes API server, written from the API conventions
 * (https://kubernetes.io/docs/reference/using-api/api-concepts/) for exactly what labc's
 * cluster commands use: discovery, list, get, watch, create, server-side apply (with dry-run,
 * conflicts and force), merge patches of `/status`, delete. It binds only to 127.0.0.1.
 * It is not a Kubernetes: no admission, no validation beyond identity, no controllers except
 * the one that marks CRDs Established.
 */

export interface FakeApiOptions {
  /** Require `Authorization: Bearer <token>`; anything else is 401. */
  readonly token?: string;
  /** How long a new CRD waits before it is Established (the apiextensions controller's delay). */
  readonly establishDelayMs?: number;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly contentType: string | undefined;
}

interface Route {
  readonly type: ResourceType;
  readonly namespace: string | undefined;
  readonly name: string | undefined;
  readonly subresource: string | undefined;
}

const APPLY = "application/apply-patch+yaml";
const MERGE = "application/merge-patch+json";

export class FakeKubeApi {
  readonly store = new Store();
  readonly requests: RecordedRequest[] = [];
  private server: Server | undefined;
  private readonly streams = new Set<ServerResponse>();
  private readonly timers = new Set<NodeJS.Timeout>();
  url = "";

  constructor(private readonly options: FakeApiOptions = {}) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: Error) => this.send(res, failure(500, "InternalError", error.message)));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    for (const s of this.streams) s.end();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Ends every open watch, as an API server restart or a load balancer timeout would. */
  dropWatches(): void {
    for (const s of this.streams) s.end();
  }

  // ---- test-side helpers: they write through the same store, so watches see them ----

  /** Creates or replaces an object as some other client would (manager `seed`). */
  put(object: KubeObject, manager = "seed"): KubeObject {
    const type = this.typeOrThrow(object);
    const meta = object.metadata ?? {};
    const current = this.store.get(type, meta["namespace"] as string | undefined, String(meta["name"]));
    const next = structuredClone(object);
    this.prepare(type, next, current);
    next.metadata!["managedFields"] = [updateEntry(manager, next, type)];
    if (current) next.metadata!["generation"] = bumpGeneration(current, next);
    return this.afterWrite(type, this.store.write(type, next));
  }

  /** Merges into `.status`, as a controller does through the status subresource. */
  setStatus(apiVersion: string, kind: string, namespace: string | undefined, name: string, status: Record<string, unknown>): KubeObject {
    const type = this.typeOrThrow({ apiVersion, kind });
    const current = this.store.get(type, namespace, name);
    if (!current) throw new Error(`no ${kind} ${namespace ?? ""}/${name}`);
    return this.store.write(type, { ...current, status: mergePatch(current["status"] ?? {}, status) as Record<string, unknown> });
  }

  remove(apiVersion: string, kind: string, namespace: string | undefined, name: string): void {
    this.store.remove(this.typeOrThrow({ apiVersion, kind }), namespace, name);
  }

  get(apiVersion: string, kind: string, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.store.get(this.typeOrThrow({ apiVersion, kind }), namespace, name);
  }

  // ---- HTTP ----

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const query = Object.fromEntries(url.searchParams.entries());
    const contentType = req.headers["content-type"]?.split(";")[0]?.trim();
    this.requests.push({ method: req.method ?? "GET", path: url.pathname, query, contentType });
    const body = await readBody(req);
    if (this.options.token !== undefined && req.headers.authorization !== `Bearer ${this.options.token}`) {
      return this.send(res, failure(401, "Unauthorized", "Unauthorized"));
    }
    const parts = url.pathname.split("/").filter(Boolean);
    if (url.pathname === "/version") return this.json(res, 200, { major: "1", minor: "33", gitVersion: "v1.33.4-fake", platform: "linux/amd64" });
    if (url.pathname === "/api") return this.json(res, 200, { kind: "APIVersions", versions: ["v1"], serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress: "127.0.0.1" }] });
    if (url.pathname === "/apis") return this.json(res, 200, this.groupList());
    const gv = parts[0] === "api" ? { group: "", version: parts[1], rest: parts.slice(2) } : parts[0] === "apis" ? { group: parts[1] ?? "", version: parts[2], rest: parts.slice(3) } : undefined;
    if (!gv || !gv.version) return this.send(res, failure(404, "NotFound", "the server could not find the requested resource"));
    if (gv.rest.length === 0) return this.resourceList(res, gv.group, gv.version);
    const route = this.route(gv.group, gv.version, gv.rest);
    if (!route) return this.send(res, failure(404, "NotFound", "the server could not find the requested resource"));
    const dryRun = query["dryRun"];
    if (dryRun !== undefined && dryRun !== "All") return this.send(res, failure(400, "BadRequest", `Invalid dryRun value: ${dryRun}; must be "All"`));
    const method = req.method ?? "GET";
    if (route.name === undefined) {
      if (method === "GET") return query["watch"] === "true" || query["watch"] === "1" ? this.watch(req, res, route, query) : this.list(res, route, query);
      if (method === "POST") return this.create(res, route, parseBody(body, contentType), query);
      return this.send(res, failure(405, "MethodNotAllowed", `${method} is not supported on a collection`));
    }
    if (method === "GET") {
      const o = this.store.get(route.type, route.namespace, route.name);
      return o ? this.json(res, 200, o) : this.send(res, notFound(route.type.resource, route.name, route.type.group));
    }
    if (method === "PATCH" && route.subresource === "status") return this.patchStatus(res, route, parseBody(body, contentType), contentType, query);
    if (method === "PATCH" && contentType === APPLY) return this.apply(res, route, parseBody(body, contentType), query);
    if (method === "PATCH" && contentType === MERGE) return this.mergePatch(res, route, parseBody(body, contentType), query);
    if (method === "PATCH") return this.send(res, failure(415, "UnsupportedMediaType", `the body of the request was in an unknown format - accepted media types include: ${APPLY}, ${MERGE}`));
    if (method === "DELETE") {
      const gone = dryRun ? this.store.get(route.type, route.namespace, route.name) : this.store.remove(route.type, route.namespace, route.name);
      return gone ? this.json(res, 200, gone) : this.send(res, notFound(route.type.resource, route.name, route.type.group));
    }
    return this.send(res, failure(405, "MethodNotAllowed", `${method} is not supported`));
  }

  private route(group: string, version: string, rest: string[]): Route | undefined {
    let namespace: string | undefined;
    let tail = rest;
    // /api/v1/namespaces/{ns}/{resource}/… addresses a namespaced resource; /api/v1/namespaces/{name} a Namespace.
    if (rest[0] === "namespaces" && rest.length >= 3 && rest[2] !== "status") {
      namespace = rest[1];
      tail = rest.slice(2);
    }
    const type = this.store.findType(group, version, tail[0] ?? "");
    if (!type) return undefined;
    if (type.namespaced !== (namespace !== undefined) && tail.length > 1) return undefined;
    return { type, namespace, name: tail[1], subresource: tail[2] };
  }

  private groupList(): unknown {
    const groups = new Map<string, string[]>();
    for (const t of this.store.types()) {
      if (!t.group) continue;
      const versions = groups.get(t.group) ?? [];
      if (!versions.includes(t.version)) versions.push(t.version);
      groups.set(t.group, versions);
    }
    return {
      kind: "APIGroupList",
      apiVersion: "v1",
      groups: [...groups.entries()].map(([name, versions]) => ({
        name,
        versions: versions.map((v) => ({ groupVersion: `${name}/${v}`, version: v })),
        preferredVersion: { groupVersion: `${name}/${versions[0]}`, version: versions[0] },
      })),
    };
  }

  private resourceList(res: ServerResponse, group: string, version: string): void {
    const types = this.store.types().filter((t) => t.group === group && t.version === version);
    if (types.length === 0) return this.send(res, failure(404, "NotFound", "the server could not find the requested resource"));
    const verbs = ["create", "delete", "get", "list", "patch", "update", "watch"];
    this.json(res, 200, {
      kind: "APIResourceList",
      apiVersion: "v1",
      groupVersion: groupVersion({ group, version }),
      resources: types.flatMap((t) => [
        { name: t.resource, singularName: t.singular, namespaced: t.namespaced, kind: t.kind, verbs },
        ...(t.statusSubresource ? [{ name: `${t.resource}/status`, singularName: "", namespaced: t.namespaced, kind: t.kind, verbs: ["get", "patch", "update"] }] : []),
      ]),
    });
  }

  private list(res: ServerResponse, route: Route, query: Record<string, string>): void {
    const labels = parseLabelSelector(query["labelSelector"] ?? null);
    const fields = parseFieldSelector(query["fieldSelector"] ?? null);
    const items = this.store.list(route.type, route.namespace).filter((o) => labels(o.metadata?.["labels"] as Record<string, string>) && fields(o));
    this.json(res, 200, {
      kind: `${route.type.kind}List`,
      apiVersion: groupVersion(route.type),
      metadata: { resourceVersion: String(this.store.resourceVersion) },
      // The server drops kind and apiVersion from items of built-in lists; custom resources keep them.
      items: route.type.group === "" ? items.map(({ kind: _k, apiVersion: _a, ...rest }) => rest) : items,
    });
  }

  private watch(req: IncomingMessage, res: ServerResponse, route: Route, query: Record<string, string>): void {
    const labels = parseLabelSelector(query["labelSelector"] ?? null);
    const fields = parseFieldSelector(query["fieldSelector"] ?? null);
    const matches = (o: KubeObject) => (route.namespace === undefined || o.metadata?.["namespace"] === route.namespace) && labels(o.metadata?.["labels"] as Record<string, string>) && fields(o);
    res.writeHead(200, { "Content-Type": "application/json" });
    // The API server sends the headers at once; a client waits for them before it can stop a watch.
    res.flushHeaders();
    const write = (type: string, object: unknown) => res.write(`${JSON.stringify({ type, object })}\n`);
    const rv = query["resourceVersion"];
    if (rv === undefined || rv === "" || rv === "0") {
      for (const o of this.store.list(route.type, route.namespace)) if (matches(o)) write("ADDED", o);
    } else {
      const past = this.store.eventsSince(route.type, Number(rv));
      if (!past) {
        write("ERROR", failure(410, "Expired", `too old resource version: ${rv} (${this.store.resourceVersion})`));
        res.end();
        return;
      }
      for (const e of past) if (matches(e.object)) write(e.type, e.object);
    }
    const unsubscribe = this.store.subscribe((e: StoredEvent) => {
      if (this.store.isType(e, route.type) && matches(e.object)) write(e.type, this.store.present(route.type, e.object));
    });
    this.streams.add(res);
    const timeout = Number(query["timeoutSeconds"] ?? 0);
    const timer = timeout > 0 ? setTimeout(() => res.end(), timeout * 1000) : undefined;
    const close = () => {
      unsubscribe();
      this.streams.delete(res);
      if (timer) clearTimeout(timer);
    };
    res.on("close", close);
    req.on("close", close);
  }

  private create(res: ServerResponse, route: Route, body: unknown, query: Record<string, string>): void {
    if (!isMap(body)) return this.send(res, failure(400, "BadRequest", "the request body is not an object"));
    const obj = body as KubeObject;
    const bad = this.checkIdentity(route, obj, undefined);
    if (bad) return this.send(res, bad);
    const name = String(obj.metadata!["name"]);
    if (this.store.get(route.type, route.namespace, name)) return this.send(res, failure(409, "AlreadyExists", `${route.type.resource} "${name}" already exists`, { name, kind: route.type.resource }));
    const missingNs = this.missingNamespace(route);
    if (missingNs) return this.send(res, missingNs);
    this.prepare(route.type, obj, undefined);
    obj.metadata!["managedFields"] = [updateEntry(query["fieldManager"] ?? "unknown", obj, route.type)];
    if (query["dryRun"] === "All") return this.json(res, 201, obj);
    this.json(res, 201, this.afterWrite(route.type, this.store.write(route.type, obj)));
  }

  private apply(res: ServerResponse, route: Route, body: unknown, query: Record<string, string>): void {
    const manager = query["fieldManager"];
    if (!manager) return this.send(res, failure(400, "BadRequest", "PATCH, application/apply-patch+yaml requests require fieldManager"));
    if (!isMap(body)) return this.send(res, failure(400, "BadRequest", "the request body is not an object"));
    const applied = structuredClone(body) as KubeObject;
    const current = this.store.get(route.type, route.namespace, route.name!);
    const bad = this.checkIdentity(route, applied, route.name);
    if (bad) return this.send(res, bad);
    if (!current) {
      const missingNs = this.missingNamespace(route);
      if (missingNs) return this.send(res, missingNs);
    }
    const wanted = (applied.metadata as Record<string, unknown>)["resourceVersion"];
    if (wanted !== undefined && current && wanted !== current.metadata?.["resourceVersion"]) {
      return this.send(res, failure(409, "Conflict", `Operation cannot be fulfilled on ${route.type.resource} "${route.name}": the object has been modified; please apply your changes to the latest version and try again`));
    }
    delete (applied.metadata as Record<string, unknown>)["resourceVersion"];
    if (route.type.kind === "Secret") foldStringData(applied);
    const force = query["force"] === "true";
    const outcome = serverSideApply({ current, applied, manager, force, statusSubresource: route.type.statusSubresource, now: new Date().toISOString().replace(/\.\d+Z$/, "Z") });
    if (outcome.kind === "conflict") {
      const n = outcome.conflicts.length;
      const lines = outcome.conflicts.map((c) => `conflict with "${c.manager}": ${c.field}`);
      return this.send(
        res,
        failure(409, "Conflict", `Apply failed with ${n} conflict${n === 1 ? "" : "s"}: ${lines.join("\n")}`, {
          name: route.name,
          kind: route.type.resource,
          causes: outcome.conflicts.map((c) => ({ reason: "FieldManagerConflict", message: `conflict with "${c.manager}"`, field: c.field })),
        }),
      );
    }
    const next = outcome.object;
    if (!current) this.prepare(route.type, next, undefined);
    else if (outcome.changed) next.metadata!["generation"] = bumpGeneration(current, next);
    if (!outcome.changed || query["dryRun"] === "All") return this.json(res, current ? 200 : 201, next);
    this.json(res, current ? 200 : 201, this.afterWrite(route.type, this.store.write(route.type, next)));
  }

  private mergePatch(res: ServerResponse, route: Route, body: unknown, query: Record<string, string>): void {
    const current = this.store.get(route.type, route.namespace, route.name!);
    if (!current) return this.send(res, notFound(route.type.resource, route.name!, route.type.group));
    const next = mergePatch(current, body) as KubeObject;
    if (route.type.kind === "Secret") foldStringData(next);
    if (deepEqual(next, current) || query["dryRun"] === "All") return this.json(res, 200, next);
    next.metadata!["generation"] = bumpGeneration(current, next);
    this.json(res, 200, this.store.write(route.type, next));
  }

  private patchStatus(res: ServerResponse, route: Route, body: unknown, contentType: string | undefined, query: Record<string, string>): void {
    if (contentType !== MERGE) return this.send(res, failure(415, "UnsupportedMediaType", `status accepts ${MERGE} here`));
    const current = this.store.get(route.type, route.namespace, route.name!);
    if (!current) return this.send(res, notFound(route.type.resource, route.name!, route.type.group));
    const status = mergePatch(current["status"] ?? {}, (body as Record<string, unknown>)["status"] ?? {});
    const next = { ...current, status } as KubeObject;
    if (deepEqual(next, current) || query["dryRun"] === "All") return this.json(res, 200, next);
    this.json(res, 200, this.store.write(route.type, next));
  }

  /** Fills in what the server sets on create. */
  private prepare(type: ResourceType, obj: KubeObject, current: KubeObject | undefined): void {
    obj.apiVersion = groupVersion(type);
    obj.kind = type.kind;
    const meta = (obj.metadata ??= {});
    if (current) {
      for (const k of ["uid", "creationTimestamp"]) meta[k] = current.metadata?.[k];
    }
    if (type.group !== "" || type.kind === "Node") meta["generation"] ??= 1;
    if (type.kind === "Secret") {
      foldStringData(obj);
      obj["type"] ??= "Opaque";
    }
    if (type.kind === "Namespace") {
      meta["labels"] = { ...(meta["labels"] as object), "kubernetes.io/metadata.name": String(meta["name"]) };
      obj["spec"] = { finalizers: ["kubernetes"] };
      obj["status"] = { phase: "Active" };
    }
  }

  /** The one controller the fake runs: a new CRD becomes Established after a short delay. */
  private afterWrite(type: ResourceType, obj: KubeObject): KubeObject {
    if (type.kind !== "CustomResourceDefinition") return obj;
    const established = ((obj["status"] as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? []).some((c) => c.type === "Established" && c.status === "True");
    if (established) return obj;
    const name = String(obj.metadata!["name"]);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      const current = this.store.get(type, undefined, name);
      if (!current) return;
      const names = (current["spec"] as Record<string, unknown>)["names"];
      const now = new Date().toISOString().replace(/\.\d+Z$/, "Z");
      this.store.write(type, {
        ...current,
        status: {
          acceptedNames: names,
          storedVersions: [((current["spec"] as Record<string, unknown>)["versions"] as { name: string; storage?: boolean }[]).find((v) => v.storage)?.name ?? ""],
          conditions: [
            { type: "NamesAccepted", status: "True", reason: "NoConflicts", message: "no conflicts found", lastTransitionTime: now },
            { type: "Established", status: "True", reason: "InitialNamesAccepted", message: "the initial names have been accepted", lastTransitionTime: now },
          ],
        },
      });
    }, this.options.establishDelayMs ?? 20);
    this.timers.add(timer);
    return obj;
  }

  private checkIdentity(route: Route, obj: KubeObject, name: string | undefined): StatusBody | undefined {
    const gv = groupVersion(route.type);
    if (obj["apiVersion"] !== gv || obj["kind"] !== route.type.kind) return failure(400, "BadRequest", `the API version in the data (${String(obj["apiVersion"])}) and kind (${String(obj["kind"])}) do not match the request (${gv}, ${route.type.kind})`);
    const meta = obj.metadata;
    if (!isMap(meta) || typeof meta["name"] !== "string" || meta["name"] === "") return failure(422, "Invalid", `${route.type.kind} is invalid: metadata.name: Required value: name is required`);
    if (name !== undefined && meta["name"] !== name) return failure(400, "BadRequest", `the name of the object (${String(meta["name"])}) does not match the name on the URL (${name})`);
    if (route.type.namespaced) {
      if (meta["namespace"] !== undefined && meta["namespace"] !== route.namespace) return failure(400, "BadRequest", "the namespace of the provided object does not match the namespace sent on the request");
      meta["namespace"] = route.namespace;
    }
    return undefined;
  }

  private missingNamespace(route: Route): StatusBody | undefined {
    if (!route.type.namespaced) return undefined;
    const nsType = this.store.findType("", "v1", "namespaces")!;
    return this.store.get(nsType, undefined, route.namespace!) ? undefined : notFound("namespaces", route.namespace!);
  }

  private typeOrThrow(obj: KubeObject): ResourceType {
    const t = this.store.typeOf(String(obj["apiVersion"]), String(obj["kind"]));
    if (!t) throw new Error(`the fake API serves no ${String(obj["apiVersion"])} ${String(obj["kind"])}`);
    return t;
  }

  private send(res: ServerResponse, status: StatusBody): void {
    this.json(res, status.code, status);
  }

  private json(res: ServerResponse, code: number, body: unknown): void {
    if (res.headersSent) return void res.end();
    res.writeHead(code, { "Content-Type": "application/json" });
    res.end(JSON.stringify(body));
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function parseBody(text: string, contentType: string | undefined): unknown {
  if (!text) return undefined;
  // apply-patch+yaml may be YAML; JSON is YAML too.
  return contentType === APPLY ? parseYaml(text) : JSON.parse(text);
}

/** RFC 7386 JSON merge patch. */
function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isMap(patch)) return structuredClone(patch);
  const out: Record<string, unknown> = isMap(target) ? structuredClone(target) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/** The API server folds write-only `stringData` into base64 `data`. */
function foldStringData(obj: KubeObject): void {
  const stringData = obj["stringData"];
  if (!isMap(stringData)) return;
  const data = isMap(obj["data"]) ? obj["data"] : {};
  for (const [k, v] of Object.entries(stringData)) data[k] = Buffer.from(String(v), "utf8").toString("base64");
  obj["data"] = data;
  delete obj["stringData"];
}

function updateEntry(manager: string, obj: KubeObject, type: ResourceType): ManagedEntry {
  const copy = structuredClone(obj);
  if (type.statusSubresource) delete copy["status"];
  return { manager, operation: "Update", apiVersion: groupVersion(type), time: new Date().toISOString().replace(/\.\d+Z$/, "Z"), fieldsType: "FieldsV1", fieldsV1: toFieldsV1(leafPaths(copy)) };
}

/** metadata.generation counts changes to anything but metadata and status. */
function bumpGeneration(current: KubeObject, next: KubeObject): number | undefined {
  const gen = current.metadata?.["generation"] as number | undefined;
  if (gen === undefined) return undefined;
  const body = (o: KubeObject) => Object.fromEntries(Object.entries(o).filter(([k]) => k !== "metadata" && k !== "status"));
  return deepEqual(body(current), body(next)) ? gen : gen + 1;
}
