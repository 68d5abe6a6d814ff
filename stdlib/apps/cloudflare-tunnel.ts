import { SCHEMA } from "../../compiler/model/schema-urls.js";
import type { AppDefinition, SecretEmitContext } from "../types.js";
import { APP_TEMPLATE_CHART } from "../../compiler/model/well-known.js";
import { gatewayNamespace } from "./shared/cluster-apps.js";
import { secretObject } from "./shared/kube.js";
import { secretParam } from "./shared/params.js";

/**
 * cloudflared (via app-template) carrying `${SECRET_DOMAIN}` and `*.${SECRET_DOMAIN}` from
 * Cloudflare's edge to the `external` Gateway, plus the DNS record that points at the tunnel.
 */

const SECRET_NAME = "cloudflare-tunnel-secret";

/** The fields of `cloudflared tunnel create --credentials-file` output that labc needs. */
export interface TunnelCredentials {
  readonly AccountTag: string;
  readonly TunnelSecret: string;
  readonly TunnelID: string;
}

export function parseTunnelCredentials(secretName: string, json: string): TunnelCredentials {
  const problem = tunnelCredentialsProblem(json);
  if (problem) throw new Error(`secret "${secretName}": ${problem}`);
  return JSON.parse(json) as TunnelCredentials;
}

/** What keeps `json` from being a cloudflared credentials file, without quoting it. */
export function tunnelCredentialsProblem(json: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return "not JSON; expected the cloudflared credentials file {AccountTag, TunnelSecret, TunnelID}";
  }
  const record = (parsed !== null && typeof parsed === "object" ? parsed : {}) as Record<string, unknown>;
  for (const field of ["AccountTag", "TunnelSecret", "TunnelID"]) {
    if (typeof record[field] !== "string" || record[field] === "") {
      return `field ${field} missing; expected the cloudflared credentials file {AccountTag, TunnelSecret, TunnelID}`;
    }
  }
  return undefined;
}

/** `cloudflared tunnel token` format: base64 of compact JSON `{"a":account,"t":tunnel,"s":secret}`. */
export function tunnelToken(c: TunnelCredentials): string {
  return Buffer.from(JSON.stringify({ a: c.AccountTag, t: c.TunnelID, s: c.TunnelSecret }), "utf8").toString("base64");
}

/**
 * The inverse of `tunnelToken`: the credentials JSON a token was made from (what `labc import`
 * puts in the store for a repository that keeps only TUNNEL_TOKEN). Undefined for anything that
 * is not base64 of a JSON object with string fields a, t and s.
 */
export function credentialsFromTunnelToken(token: string): string | undefined {
  const text = token.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, "base64").toString("utf8"));
  } catch {
    return undefined;
  }
  const record = (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) ? parsed : {}) as Record<string, unknown>;
  const { a, t, s } = record;
  if (typeof a !== "string" || typeof t !== "string" || typeof s !== "string" || a === "" || t === "" || s === "") return undefined;
  const credentials: TunnelCredentials = { AccountTag: a, TunnelSecret: s, TunnelID: t };
  return JSON.stringify(credentials);
}

function extras({ cluster, app, secret }: SecretEmitContext) {
  const ref = secretParam(app.params, "credentials");
  const credentials = parseTunnelCredentials(ref.secret, secret(ref));
  const origin = `https://cilium-gateway-external.${gatewayNamespace(cluster)}.svc.cluster.local`;
  return {
    files: [
      {
        path: "app/dnsendpoint.yaml",
        documents: [
          {
            apiVersion: "externaldns.k8s.io/v1alpha1",
            kind: "DNSEndpoint",
            metadata: { name: app.name },
            spec: {
              endpoints: [
                {
                  dnsName: "external.${SECRET_DOMAIN}",
                  recordType: "CNAME",
                  // The tunnel ID is public by nature: it is the target of a public CNAME.
                  targets: [`${credentials.TunnelID}.cfargotunnel.com`],
                },
              ],
            },
          },
        ],
        schemas: [SCHEMA.dnsEndpoint],
      },
      {
        path: "app/secret.sops.yaml",
        secret: true,
        documents: [secretObject(SECRET_NAME, { TUNNEL_TOKEN: tunnelToken(credentials) })],
      },
      {
        path: "app/resources/config.yaml",
        unlisted: true,
        documents: [
          {
            originRequest: { originServerName: "external.${SECRET_DOMAIN}" },
            ingress: [
              { hostname: "${SECRET_DOMAIN}", service: origin },
              { hostname: "*.${SECRET_DOMAIN}", service: origin },
              { service: "http_status:404" },
            ],
          },
        ],
      },
    ],
    configMapGenerators: [{ dir: "app", name: `${app.name}-configmap`, files: ["config.yaml=./resources/config.yaml"] }],
  };
}

/** cloudflared answers /ready on its metrics port once connected; both probes use it. */
function readyProbe(): Record<string, unknown> {
  return {
    enabled: true,
    custom: true,
    spec: { httpGet: { path: "/ready", port: 8080 }, initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 1, failureThreshold: 3 },
  };
}

export const cloudflareTunnel: AppDefinition = {
  id: "cloudflare-tunnel",
  doc: "Cloudflare Tunnel (cloudflared) exposing the `external` Gateway without opening ports.",
  namespace: "network",
  chart: APP_TEMPLATE_CHART,
  params: {
    credentials: {
      type: "secret",
      required: true,
      doc: "cloudflared credentials JSON {AccountTag, TunnelSecret, TunnelID} from `cloudflared tunnel create`.",
      secretFormat: tunnelCredentialsProblem,
    },
  },
  // Traffic goes to Cilium's external Gateway; the CNAME is published by external-dns.
  // As for cloudflare-dns: order for the README and the graph, no Flux dependsOn.
  installAfter: ["cilium", "cloudflare-dns"],
  bootstrap: false,
  values: (ctx) => ({
    controllers: {
      [ctx.name]: {
        strategy: "RollingUpdate",
        annotations: { "reloader.stakater.com/auto": "true" },
        containers: {
          app: {
            image: { repository: "docker.io/cloudflare/cloudflared", tag: "2025.8.1" },
            env: {
              NO_AUTOUPDATE: true,
              TUNNEL_METRICS: "0.0.0.0:8080",
              TUNNEL_ORIGIN_ENABLE_HTTP2: true,
              TUNNEL_POST_QUANTUM: true,
              TUNNEL_TRANSPORT_PROTOCOL: "quic",
            },
            envFrom: [{ secretRef: { name: SECRET_NAME } }],
            args: ["tunnel", "run"],
            probes: {
              liveness: readyProbe(),
              readiness: readyProbe(),
            },
            securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
            resources: { requests: { cpu: "10m" }, limits: { memory: "256Mi" } },
          },
        },
      },
    },
    defaultPodOptions: { securityContext: { runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534 } },
    service: { app: { ports: { http: { port: 8080 } } } },
    serviceMonitor: { app: { endpoints: [{ port: "http" }] } },
    persistence: {
      "config-file": {
        type: "configMap",
        name: `${ctx.name}-configmap`,
        globalMounts: [{ path: "/etc/cloudflared/config.yaml", subPath: "config.yaml", readOnly: true }],
      },
    },
  }),
  flux: {
    resourceOrder: ["dnsendpoint.yaml", "secret.sops.yaml", "helmrelease.yaml"],
    extras,
  },
};
