import type { AppDefinition, SecretEmitContext } from "../types.js";
import { secretObject } from "./shared/kube.js";
import { secretParam } from "./shared/params.js";

/** external-dns publishing `external` Gateway routes and DNSEndpoints to Cloudflare. */

const SECRET_NAME = "cloudflare-dns-secret";

function extras({ app, secret }: SecretEmitContext) {
  return {
    files: [
      {
        path: "app/secret.sops.yaml",
        secret: true,
        documents: [secretObject(SECRET_NAME, { "api-token": secret(secretParam(app.params, "token")) })],
      },
    ],
  };
}

export const cloudflareDns: AppDefinition = {
  id: "cloudflare-dns",
  doc: "external-dns for Cloudflare: public records for routes on the `external` Gateway.",
  namespace: "network",
  chart: { kind: "oci", url: "oci://ghcr.io/home-operations/charts-mirror/external-dns", version: "1.18.0" },
  params: {
    token: { type: "secret", required: true, doc: "Cloudflare API token (Zone:DNS:Edit)." },
  },
  // It publishes the `external` Gateway, which Cilium provides.
  // Flux applies its apps together and retries; the edge orders the README and the graph only.
  installAfter: ["cilium"],
  bootstrap: false,
  values: (ctx) => ({
    fullnameOverride: ctx.name,
    provider: "cloudflare",
    env: [{ name: "CF_API_TOKEN", valueFrom: { secretKeyRef: { name: SECRET_NAME, key: "api-token" } } }],
    extraArgs: [
      "--cloudflare-dns-records-per-page=1000",
      "--cloudflare-proxied",
      "--crd-source-apiversion=externaldns.k8s.io/v1alpha1",
      "--crd-source-kind=DNSEndpoint",
      // Only the public Gateway: internal routes stay out of public DNS (k8s-gateway serves them).
      "--gateway-name=external",
    ],
    triggerLoopOnEvent: true,
    policy: "sync",
    sources: ["crd", "gateway-httproute"],
    txtPrefix: "k8s.",
    txtOwnerId: "default",
    domainFilters: ["${SECRET_DOMAIN}"],
    serviceMonitor: { enabled: true },
    podAnnotations: { "secret.reloader.stakater.com/reload": SECRET_NAME },
  }),
  flux: {
    resourceOrder: ["secret.sops.yaml", "helmrelease.yaml"],
    rollback: true,
    kustomization: () => ({ wait: true }),
    extras,
  },
};
