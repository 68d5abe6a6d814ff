import type * as K8s from "@kubernetes/client-node";
import { ApiError, ClusterAccessError, apiErrorFrom } from "./errors.js";
import type { KubeconfigChoice } from "./kubeconfig.js";
import type { KubeObject } from "./objects.js";
import { importOutside } from "../runtime/bundle-runtime.js";

/**
 * A thin client over @kubernetes/client-node: the library loads the kubeconfig and does auth,
 * TLS and proxies; requests go through its HTTP layer but bodies stay raw JSON, because labc
 * compares objects field by field and the typed models would rename, drop or convert fields.
 */

export const FIELD_MANAGER = "labc";
const REQUEST_TIMEOUT_MS = 30_000;

type K8sModule = typeof K8s;
let loaded: Promise<K8sModule> | undefined;

/** Loaded only when a cluster command runs: the library is large and the compiler never needs it. */
function loadK8s(): Promise<K8sModule> {
  loaded ??= importOutside<K8sModule>("@kubernetes/client-node").catch((error: Error) => {
    throw new ClusterAccessError(`cannot load @kubernetes/client-node (${error.message}); reinstall labc's dependencies`);
  });
  return loaded;
}

export interface ApiResource {
  readonly name: string;
  readonly kind: string;
  readonly namespaced: boolean;
}

export interface ApplyOptions {
  readonly force?: boolean;
  readonly dryRun?: boolean;
  readonly fieldManager?: string;
}

export interface ListResult {
  readonly items: KubeObject[];
  readonly resourceVersion: string;
}

export interface WatchEvent {
  readonly type: "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK" | "ERROR";
  readonly object: KubeObject;
}

export class ClusterClient {
  private readonly discovery = new Map<string, Promise<ApiResource[] | undefined>>();

  private constructor(
    private readonly k8s: K8sModule,
    private readonly kc: K8s.KubeConfig,
    private readonly http: K8s.IsomorphicFetchHttpLibrary,
    readonly server: string,
    readonly context: string,
    readonly kubeconfig: KubeconfigChoice,
  ) {}

  static async connect(choice: KubeconfigChoice, context?: string): Promise<ClusterClient> {
    const k8s = await loadK8s();
    const kc = new k8s.KubeConfig();
    try {
      kc.loadFromFile(choice.files[0]!);
      for (const file of choice.files.slice(1)) {
        const more = new k8s.KubeConfig();
        more.loadFromFile(file);
        // kubectl: the first file to set a value wins, including current-context.
        kc.mergeConfig(more, true);
      }
    } catch (error) {
      throw new ClusterAccessError(`cannot read kubeconfig ${choice.files.join(", ")}: ${(error as Error).message}`);
    }
    if (context !== undefined) {
      if (!kc.getContextObject(context)) throw new ClusterAccessError(`no context '${context}' in ${choice.files.join(", ")}; it has: ${kc.getContexts().map((c) => c.name).join(", ") || "none"}`);
      kc.setCurrentContext(context);
    }
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new ClusterAccessError(`kubeconfig ${choice.files.join(", ")} selects no cluster (current-context '${kc.getCurrentContext()}')`);
    return new ClusterClient(k8s, kc, new k8s.IsomorphicFetchHttpLibrary(), cluster.server.replace(/\/+$/, ""), kc.getCurrentContext(), choice);
  }

  /** Where we talk to, for the first line of every command's output. */
  describe(): string {
    return `${this.server} (context ${this.context}, kubeconfig ${this.kubeconfig.files.join(":")})`;
  }

  /** One round trip that needs credentials: turns "nothing there" and "not allowed" into one clear error. */
  async probe(): Promise<string> {
    const version = (await this.request("GET", "/version")) as { gitVersion?: string };
    await this.request("GET", "/api");
    return version.gitVersion ?? "unknown";
  }

  async request(method: string, path: string, options: { query?: Record<string, string | undefined>; body?: unknown; contentType?: string } = {}): Promise<unknown> {
    const url = new URL(this.server + path);
    for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
    const ctx = new this.k8s.RequestContext(url.toString(), method as K8s.HttpMethod);
    ctx.setHeaderParam("Accept", "application/json");
    if (options.body !== undefined) {
      ctx.setHeaderParam("Content-Type", options.contentType ?? "application/json");
      ctx.setBody(JSON.stringify(options.body));
    }
    ctx.setSignal(AbortSignal.timeout(REQUEST_TIMEOUT_MS));
    let status: number;
    let text: string;
    try {
      await this.kc.applySecurityAuthentication(ctx);
      const response = await this.http.send(ctx).toPromise();
      status = response.httpStatusCode;
      text = await response.body.text();
    } catch (error) {
      throw new ClusterAccessError(`cannot reach the Kubernetes API at ${this.server}: ${networkReason(error)}`);
    }
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    if (status >= 200 && status < 300) return body;
    const what = `${method} ${url.pathname}`;
    if (status === 401) throw new ClusterAccessError(`the Kubernetes API at ${this.server} rejected the credentials of context '${this.context}' (401 Unauthorized); fetch a fresh kubeconfig`);
    if (status === 403 && path.startsWith("/api") && (path === "/api" || path === "/apis")) throw new ClusterAccessError(`the Kubernetes API at ${this.server} forbids context '${this.context}' to read the API (403)`);
    throw apiErrorFrom(status, body, what);
  }

  /** The resources of one group/version, or undefined when the server does not serve it (yet). */
  resources(apiVersion: string): Promise<ApiResource[] | undefined> {
    let found = this.discovery.get(apiVersion);
    if (!found) {
      const path = apiVersion.includes("/") ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
      found = this.request("GET", path).then(
        (list) => ((list as { resources?: ApiResource[] }).resources ?? []).filter((r) => !r.name.includes("/")),
        (error: unknown) => {
          if (error instanceof ApiError && error.code === 404) return undefined;
          throw error;
        },
      );
      this.discovery.set(apiVersion, found);
      // A group that is missing now may appear once its CRD is applied: do not cache the miss.
      found.then((r) => r === undefined && this.discovery.delete(apiVersion), () => this.discovery.delete(apiVersion));
    }
    return found;
  }

  async resource(apiVersion: string, kind: string): Promise<ApiResource | undefined> {
    return (await this.resources(apiVersion))?.find((r) => r.kind === kind);
  }

  /** Forgets discovery, after CRDs were added. */
  rediscover(): void {
    this.discovery.clear();
  }

  async path(apiVersion: string, kind: string, namespace: string | undefined, name?: string): Promise<string> {
    const r = await this.resource(apiVersion, kind);
    if (!r) throw new ApiError(404, "NotFound", `the cluster does not serve ${kind} (${apiVersion}) yet`);
    const base = apiVersion.includes("/") ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    const ns = r.namespaced && namespace !== undefined ? `/namespaces/${encodeURIComponent(namespace)}` : "";
    return `${base}${ns}/${r.name}${name !== undefined ? `/${encodeURIComponent(name)}` : ""}`;
  }

  async get(apiVersion: string, kind: string, namespace: string | undefined, name: string): Promise<KubeObject | undefined> {
    try {
      return (await this.request("GET", await this.path(apiVersion, kind, namespace, name))) as KubeObject;
    } catch (error) {
      if (error instanceof ApiError && error.code === 404) return undefined;
      throw error;
    }
  }

  /** Lists a kind (all namespaces unless one is given); items get kind and apiVersion back. */
  async list(apiVersion: string, kind: string, options: { namespace?: string; labelSelector?: string } = {}): Promise<ListResult> {
    const list = (await this.request("GET", await this.path(apiVersion, kind, options.namespace), { query: { labelSelector: options.labelSelector } })) as { items?: KubeObject[]; metadata?: { resourceVersion?: string } };
    return { items: (list.items ?? []).map((i) => ({ ...i, apiVersion, kind })), resourceVersion: list.metadata?.resourceVersion ?? "" };
  }

  /** Server-side apply (PATCH application/apply-patch+yaml): creates the object when missing. */
  async apply(object: KubeObject, options: ApplyOptions = {}): Promise<KubeObject> {
    const meta = object.metadata ?? {};
    const path = await this.path(String(object.apiVersion), String(object.kind), meta["namespace"] as string | undefined, String(meta["name"]));
    return (await this.request("PATCH", path, {
      body: object,
      contentType: "application/apply-patch+yaml",
      query: { fieldManager: options.fieldManager ?? FIELD_MANAGER, force: options.force ? "true" : undefined, dryRun: options.dryRun ? "All" : undefined },
    })) as KubeObject;
  }

  /**
   * Streams watch events until the server ends the stream or `signal` aborts; resolves with the
   * reason it ended. Uses the library's Watch (raw JSON lines).
   */
  async watch(apiVersion: string, kind: string, options: { namespace?: string; labelSelector?: string; resourceVersion: string; signal: AbortSignal }, onEvent: (e: WatchEvent) => void): Promise<"closed" | "expired" | "aborted"> {
    const path = await this.path(apiVersion, kind, options.namespace);
    const watch = new this.k8s.Watch(this.kc);
    return new Promise((resolve, reject) => {
      let expired = false;
      let controller: AbortController | undefined;
      const onAbort = () => {
        controller?.abort();
        // The library hands out its AbortController only once the response headers arrived.
        resolve("aborted");
      };
      watch
        .watch(
          path,
          { resourceVersion: options.resourceVersion, labelSelector: options.labelSelector, allowWatchBookmarks: true, timeoutSeconds: 300 },
          (type: string, object: KubeObject) => {
            if (type === "ERROR") {
              // 410 Gone: our resourceVersion was compacted away; the caller lists again.
              expired = true;
              controller?.abort();
              return;
            }
            onEvent({ type: type as WatchEvent["type"], object: { ...object, apiVersion, kind } });
          },
          (error: unknown) => {
            options.signal.removeEventListener("abort", onAbort);
            if (options.signal.aborted) resolve("aborted");
            else if (expired) resolve("expired");
            else if (error && !(error instanceof Error && error.name === "AbortError") && !(error instanceof DOMException)) {
              const code = (error as { statusCode?: number }).statusCode;
              reject(code === 401 ? new ClusterAccessError(`the Kubernetes API at ${this.server} rejected the credentials of context '${this.context}' (401 Unauthorized)`) : new ClusterAccessError(`watch of ${kind} failed: ${networkReason(error)}`));
            } else resolve("closed");
          },
        )
        .then((c) => {
          controller = c;
          if (options.signal.aborted) c.abort();
        }, reject);
      options.signal.addEventListener("abort", onAbort, { once: true });
    });
  }
}

function networkReason(error: unknown): string {
  const e = error as { message?: string; cause?: { code?: string; message?: string }; code?: string; name?: string };
  const code = e.cause?.code ?? e.code;
  if (code === "ECONNREFUSED") return "connection refused (is the cluster up, and is this the right kubeconfig?)";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "the host name does not resolve";
  if (code === "ETIMEDOUT" || e.name === "TimeoutError") return "timed out";
  if (code && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) return `TLS verification failed (${code}); is certificate-authority-data right?`;
  return e.cause?.message ?? e.message ?? String(error);
}
