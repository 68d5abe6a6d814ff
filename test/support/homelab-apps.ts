import type { AppModel, AppRef, ClusterModel, NodeModel, ParamValue, RouteModel, SecretModel } from "../../compiler/model/model.js";
import type { SecretValues } from "../../compiler/model/output.js";
import { mergeValues } from "../../compiler/model/merge-values.js";
import { lookupDefinition } from "../../stdlib/index.js";
import { loadBalancerAddressesOf } from "../../compiler/model/load-balancers.js";
import type { ClusterContext } from "../../stdlib/types.js";
import { homelabCluster } from "./homelab-model.js";

/**
 * The homelab example's apps, built from the stdlib definitions the way the model builder will
 * (defaults, deep-merged values, resolved dependencies, dependency order), so emitter tests run
 * without the parser. Use with `homelabCluster({ apps })`.
 */

export interface AppSpec {
  readonly name: string;
  readonly definition: string;
  readonly params?: Readonly<Record<string, ParamValue>>;
  readonly values?: Readonly<Record<string, unknown>>;
  readonly route?: RouteModel;
  /** Extra dependencies by app name (`depends = [...]`). */
  readonly depends?: readonly string[];
}

const at = homelabCluster().span;

function topoSort(apps: readonly AppModel[]): AppModel[] {
  const done = new Set<string>();
  const out: AppModel[] = [];
  while (out.length < apps.length) {
    const next = apps.find((a) => !done.has(a.name) && a.installAfter.every((d) => done.has(d.name)));
    if (!next) throw new Error("dependency cycle among apps");
    done.add(next.name);
    out.push(next);
  }
  return out;
}

export function buildApps(cluster: ClusterContext, specs: readonly AppSpec[]): AppModel[] {
  const declared = new Map(specs.map((s) => [s.name, s]));
  const namespaceOf = (name: string): string => {
    const spec = declared.get(name);
    const def = spec && lookupDefinition(spec.definition);
    if (!def) throw new Error(`app "${name}" is not declared`);
    return def.namespace;
  };
  const apps = specs.map((spec): AppModel => {
    const def = lookupDefinition(spec.definition);
    if (!def) throw new Error(`unknown definition ${spec.definition}`);
    const params: Record<string, ParamValue> = {};
    for (const [name, p] of Object.entries(def.params)) if (p.default !== undefined) params[name] = p.default;
    Object.assign(params, spec.params ?? {});
    const runtime = [...new Set([...(def.needs ?? []), ...(spec.depends ?? [])])];
    const all = [...new Set([...def.installAfter, ...(def.after ?? []).filter((n) => declared.has(n)), ...runtime])];
    const ref = (n: string): AppRef => ({ name: n, namespace: namespaceOf(n) });
    return {
      name: spec.name,
      namespace: def.namespace,
      definition: def,
      chart: def.chart,
      values: mergeValues(def.values({ cluster, name: spec.name, namespace: def.namespace, params }), spec.values ?? {}),
      dependsOn: all.filter((n) => runtime.includes(n)).map(ref),
      installAfter: all.map(ref),
      params,
      route: spec.route,
      bootstrap: def.bootstrap,
      span: at,
    };
  });
  return topoSort(apps);
}

/** echo: a plain app on app-template, published on the external gateway (cluster-template's demo). */
const echoValues = {
  controllers: {
    echo: {
      strategy: "RollingUpdate",
      containers: {
        app: {
          image: { repository: "ghcr.io/mendhak/http-https-echo", tag: "37" },
          env: { HTTP_PORT: 80, LOG_WITHOUT_NEWLINE: true, LOG_IGNORE_PATH: "/healthz", PROMETHEUS_ENABLED: true },
          probes: {
            liveness: {
              enabled: true,
              custom: true,
              spec: { httpGet: { path: "/healthz", port: 80 }, initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 1, failureThreshold: 3 },
            },
            readiness: {
              enabled: true,
              custom: true,
              spec: { httpGet: { path: "/healthz", port: 80 }, initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 1, failureThreshold: 3 },
            },
          },
          securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
          resources: { requests: { cpu: "10m" }, limits: { memory: "64Mi" } },
        },
      },
    },
  },
  defaultPodOptions: { securityContext: { runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534 } },
  service: { app: { ports: { http: { port: 80 } } } },
  serviceMonitor: { app: { endpoints: [{ port: "http" }] } },
};

export function homelabAppSpecs(cluster: ClusterContext): AppSpec[] {
  const specs: AppSpec[] = [
    { name: "cilium", definition: "cilium", params: { "internal-gateway": "192.168.31.242", "external-gateway": "192.168.31.243" } },
    { name: "coredns", definition: "coredns" },
    { name: "metrics-server", definition: "metrics-server" },
    { name: "reloader", definition: "reloader" },
    { name: "cert-manager", definition: "cert-manager", params: { token: { secret: "cloudflare-token" } } },
    { name: "flux-operator", definition: "flux-operator" },
    { name: "flux-instance", definition: "flux-instance", params: { "webhook-token": { secret: "flux-webhook-token" } } },
    { name: "cloudflare-dns", definition: "cloudflare-dns", params: { token: { secret: "cloudflare-token" } } },
    { name: "cloudflare-tunnel", definition: "cloudflare-tunnel", params: { credentials: { secret: "cloudflare-tunnel" } } },
    { name: "k8s-gateway", definition: "k8s-gateway", params: { address: "192.168.31.241" } },
    {
      name: "echo",
      definition: "app-template",
      values: echoValues,
      route: { gateway: "external", host: "echo" },
      depends: ["cloudflare-tunnel"],
    },
  ];
  // Spegel only makes sense with peers to pull from (its definition's minNodes).
  if (cluster.nodes.length >= (lookupDefinition("spegel")?.minNodes ?? 2)) specs.splice(2, 0, { name: "spegel", definition: "spegel" });
  return specs;
}

export function homelabApps(cluster: ClusterContext = homelabCluster()): AppModel[] {
  return buildApps(cluster, homelabAppSpecs(cluster));
}

/** The homelab cluster with its apps; `overrides` apply to the cluster before apps are built. */
export function homelabWithApps(overrides: Partial<ClusterModel> = {}): ClusterModel {
  const base = homelabCluster({ secrets: homelabSecrets, ...overrides });
  const apps = homelabApps(base);
  return { ...base, apps, loadBalancerAddresses: loadBalancerAddressesOf(apps) };
}

/** A second node (a worker), enough to turn on spegel. */
export function withWorker(cluster: ClusterModel = homelabCluster()): NodeModel[] {
  const first = cluster.nodes[0]!;
  return [...cluster.nodes, { ...first, name: "wk-01", role: "worker", address: "192.168.31.251", mac: "00:11:22:33:44:66" }];
}

export const homelabSecrets: SecretModel[] = [
  { name: "cloudflare-token", source: { kind: "env", variable: "CLOUDFLARE_TOKEN" }, span: at },
  { name: "cloudflare-tunnel", source: { kind: "file", path: "cloudflare-tunnel.json" }, span: at },
  { name: "flux-webhook-token", source: { kind: "generate", generator: "token", length: 32 }, span: at },
  { name: "sops-age", source: { kind: "file", path: "age.key" }, span: at },
];

export const FAKE_TUNNEL = {
  AccountTag: "fakeaccounttag0000000000000000ff",
  TunnelSecret: "RkFLRS10dW5uZWwtc2VjcmV0LWRvLW5vdC11c2U=",
  TunnelID: "11111111-2222-4333-8444-555555555555",
} as const;

/** Obviously fake plaintext for every homelab secret. */
export const FAKE_SECRETS: Readonly<Record<string, string>> = {
  "cloudflare-token": "FAKE-cloudflare-api-token-do-not-use",
  "cloudflare-tunnel": JSON.stringify(FAKE_TUNNEL),
  "flux-webhook-token": "FAKE-webhook-token-0123456789abcdef",
  "sops-age": "AGE-SECRET-KEY-1FAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKE",
};

export const fakeSecretValues: SecretValues = {
  get(name: string): string {
    const value = FAKE_SECRETS[name];
    if (value === undefined) throw new Error(`fake secret "${name}" is not defined`);
    return value;
  },
};
