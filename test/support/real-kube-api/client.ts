import { request } from "node:https";

/**
 * The tests' own client for the real API server (labc's client is what is under test, so the
 * tests seed and read through this one): raw JSON over HTTPS with the control plane's CA, every
 * write a server-side apply under a named field manager, as the controllers the tests play
 * (kubelet, kustomize-controller, helm-controller) write.
 */

export type KubeObject = Record<string, unknown> & { apiVersion?: string; kind?: string; metadata?: Record<string, unknown> };

export interface RawResponse {
  readonly status: number;
  readonly body: unknown;
}

interface Resource {
  readonly name: string;
  readonly kind: string;
  readonly namespaced: boolean;
}

const APPLY = "application/apply-patch+yaml";

export class KubeApi {
  constructor(
    readonly url: string,
    private readonly token: string,
    private readonly ca: string,
  ) {}

  raw(method: string, path: string, body?: unknown, contentType = "application/json"): Promise<RawResponse> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = { authorization: `Bearer ${this.token}`, accept: "application/json" };
      if (body !== undefined) headers["content-type"] = contentType;
      const req = request(this.url + path, { method, headers, ca: this.ca, timeout: 30_000 }, (res) => {
        let text = "";
        res.on("data", (d: Buffer) => (text += d.toString()));
        res.on("end", () => {
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            // /readyz and /healthz answer plain text.
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      });
      req.on("timeout", () => req.destroy(new Error(`${method} ${path}: timed out`)));
      req.on("error", reject);
      req.end(body === undefined ? undefined : JSON.stringify(body));
    });
  }

  /** Like raw, but a non-2xx answer throws with the server's message. */
  async call(method: string, path: string, body?: unknown, contentType?: string): Promise<KubeObject> {
    const res = await this.raw(method, path, body, contentType);
    if (res.status < 200 || res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as KubeObject;
  }

  private async resource(apiVersion: string, kind: string): Promise<Resource> {
    const list = await this.call("GET", apiVersion.includes("/") ? `/apis/${apiVersion}` : `/api/${apiVersion}`);
    const found = ((list["resources"] as Resource[] | undefined) ?? []).find((r) => r.kind === kind && !r.name.includes("/"));
    if (!found) throw new Error(`the server does not serve ${kind} (${apiVersion})`);
    return found;
  }

  /** Whether the server serves this kind now (discovery is read fresh every time). */
  async serves(apiVersion: string, kind: string): Promise<{ namespaced: boolean } | undefined> {
    const res = await this.raw("GET", apiVersion.includes("/") ? `/apis/${apiVersion}` : `/api/${apiVersion}`);
    if (res.status !== 200) return undefined;
    const found = (((res.body as KubeObject)["resources"] as Resource[] | undefined) ?? []).find((r) => r.kind === kind && !r.name.includes("/"));
    return found ? { namespaced: found.namespaced } : undefined;
  }

  async path(apiVersion: string, kind: string, namespace: string | undefined, name?: string, subresource?: string): Promise<string> {
    const r = await this.resource(apiVersion, kind);
    const base = apiVersion.includes("/") ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    const ns = r.namespaced && namespace !== undefined ? `/namespaces/${namespace}` : "";
    return `${base}${ns}/${r.name}${name !== undefined ? `/${name}` : ""}${subresource ? `/${subresource}` : ""}`;
  }

  /** Server-side apply as `manager` (forced: the tests play controllers that own what they write). */
  async apply(object: KubeObject, manager: string, options: { force?: boolean; subresource?: string } = {}): Promise<KubeObject> {
    const meta = object.metadata ?? {};
    const path = await this.path(String(object.apiVersion), String(object.kind), meta["namespace"] as string | undefined, String(meta["name"]), options.subresource);
    return this.call("PATCH", `${path}?fieldManager=${encodeURIComponent(manager)}${options.force === false ? "" : "&force=true"}`, object, APPLY);
  }

  /** Merges `status` in through the status subresource (a JSON merge patch), as the controller `manager` would. */
  async setStatus(apiVersion: string, kind: string, namespace: string | undefined, name: string, status: Record<string, unknown>, manager: string): Promise<KubeObject> {
    const path = await this.path(apiVersion, kind, namespace, name, "status");
    return this.call("PATCH", `${path}?fieldManager=${encodeURIComponent(manager)}`, { status }, "application/merge-patch+json");
  }

  async get(apiVersion: string, kind: string, namespace: string | undefined, name: string): Promise<KubeObject | undefined> {
    const res = await this.raw("GET", await this.path(apiVersion, kind, namespace, name));
    if (res.status === 404) return undefined;
    if (res.status !== 200) throw new Error(`GET ${kind} ${name}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as KubeObject;
  }

  /** Every object of a kind (all namespaces), with kind and apiVersion set on each item. */
  async list(apiVersion: string, kind: string, query = ""): Promise<KubeObject[]> {
    const list = await this.call("GET", `${await this.path(apiVersion, kind, undefined)}${query}`);
    return ((list["items"] as KubeObject[] | undefined) ?? []).map((i) => ({ ...i, apiVersion, kind }));
  }

  async remove(apiVersion: string, kind: string, namespace: string | undefined, name: string): Promise<void> {
    await this.call("DELETE", await this.path(apiVersion, kind, namespace, name));
  }

  /** Waits until the apiextensions server marks the CRDs Established (its own controller, in-process). */
  async established(names: readonly string[], timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const crds = await this.list("apiextensions.k8s.io/v1", "CustomResourceDefinition");
      const pending = names.filter((n) => !crds.some((c) => c.metadata?.["name"] === n && ((c["status"] as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? []).some((x) => x.type === "Established" && x.status === "True")));
      if (pending.length === 0) return;
      if (Date.now() > deadline) throw new Error(`CRDs not Established: ${pending.join(", ")}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
