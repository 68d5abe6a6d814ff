import { SCHEMA } from "../../compiler/model/schema-urls.js";
import type { AppDefinition, EmitContext, SecretEmitContext } from "../types.js";
import { secretObject } from "./shared/kube.js";
import { secretParam } from "./shared/params.js";

/** cert-manager with the `letsencrypt-production` ClusterIssuer (ACME DNS-01 via Cloudflare). */

const SECRET_NAME = "cert-manager-secret";
export const CLUSTER_ISSUER = "letsencrypt-production";

function extras({ app, secret }: SecretEmitContext) {
  return {
    files: [
      {
        path: "app/clusterissuer.yaml",
        documents: [
          {
            apiVersion: "cert-manager.io/v1",
            kind: "ClusterIssuer",
            metadata: { name: CLUSTER_ISSUER },
            spec: {
              acme: {
                server: "https://acme-v02.api.letsencrypt.org/directory",
                privateKeySecretRef: { name: CLUSTER_ISSUER },
                solvers: [
                  {
                    dns01: { cloudflare: { apiTokenSecretRef: { name: SECRET_NAME, key: "api-token" } } },
                    selector: { dnsZones: ["${SECRET_DOMAIN}"] },
                  },
                ],
              },
            },
          },
        ],
        schemas: [SCHEMA.clusterIssuer],
      },
      {
        path: "app/secret.sops.yaml",
        secret: true,
        documents: [secretObject(SECRET_NAME, { "api-token": secret(secretParam(app.params, "token")) })],
      },
    ],
  };
}

/** Flux only reports cert-manager ready once the issuer has registered its ACME account. */
function kustomization({ app }: EmitContext) {
  return {
    healthChecks: [
      { apiVersion: "helm.toolkit.fluxcd.io/v2", kind: "HelmRelease", name: app.name, namespace: app.namespace },
      { apiVersion: "cert-manager.io/v1", kind: "ClusterIssuer", name: CLUSTER_ISSUER },
    ],
    healthCheckExprs: [
      {
        apiVersion: "cert-manager.io/v1",
        kind: "ClusterIssuer",
        failed: "status.conditions.filter(e, e.type == 'Ready').all(e, e.status == 'False')",
        current: "status.conditions.filter(e, e.type == 'Ready').all(e, e.status == 'True')",
      },
    ],
    // healthChecks replace `wait`; cluster-template sets neither wait: true nor false here.
    wait: null,
  };
}

export const certManager: AppDefinition = {
  id: "cert-manager",
  doc: "cert-manager issuing Let's Encrypt certificates through Cloudflare DNS-01.",
  namespace: "cert-manager",
  chart: { kind: "oci", url: "oci://quay.io/jetstack/charts/cert-manager", version: "v1.18.2" },
  params: {
    token: { type: "secret", required: true, doc: "Cloudflare API token (Zone:DNS:Edit) for DNS-01 challenges." },
  },
  // Its ACME solver resolves Let's Encrypt by name; spegel (when declared) first, as cluster-template installs.
  installAfter: ["coredns"],
  // Spegel, when present, serves the images cert-manager pulls next.
  after: ["spegel"],
  bootstrap: true,
  values: () => ({
    crds: { enabled: true },
    replicaCount: 1,
    // Ask Cloudflare directly over DoH, so split-horizon DNS at home cannot hide the TXT records.
    dns01RecursiveNameservers: "https://1.1.1.1:443/dns-query,https://1.0.0.1:443/dns-query",
    dns01RecursiveNameserversOnly: true,
    prometheus: { enabled: true, servicemonitor: { enabled: true } },
  }),
  flux: { kustomization, extras },
};
