import { SCHEMA } from "../../compiler/model/schema-urls.js";
import { DEPLOY_KEY_SECRET } from "../../compiler/model/well-known.js";
import { FLUX_DISTRIBUTION } from "../../compiler/model/default-pins.js";
import { pinnedVersion } from "../../compiler/model/version-pins.js";
import type { RouteModel } from "../../compiler/model/model.js";
import type { AppDefinition, DefinitionContext, SecretEmitContext } from "../types.js";
import { gatewayNamespace } from "./shared/cluster-apps.js";
import { secretObject } from "./shared/kube.js";
import { secretParam } from "./shared/params.js";

/**
 * The FluxInstance (via the flux-instance chart): Flux itself, syncing `kubernetes/flux/cluster`
 * from the cluster's repository, plus the GitHub push webhook that triggers reconciles.
 */

/** Secret the Receiver checks webhook signatures against. */
const WEBHOOK_SECRET = "github-webhook-token-secret";
/** GitHub's push webhook reaches the receiver from outside, at flux-webhook.<domain>. */
const WEBHOOK_ROUTE: RouteModel = { gateway: "external", host: "flux-webhook" };

function addArgs(...args: string[]): string {
  return (
    args
      .map((a) => `- op: add\n  path: /spec/template/spec/containers/0/args/-\n  value: ${a}`)
      .join("\n") + "\n"
  );
}

const CONTROLLERS = "(kustomize-controller|helm-controller|source-controller)";

/** Controller tuning from cluster-template, as kustomize patches on the generated Deployments. */
const PATCHES = [
  // Increase the number of workers
  { patch: addArgs("--concurrent=10", "--requeue-dependency=5s"), target: { kind: "Deployment", name: CONTROLLERS } },
  // Increase the memory limits
  {
    patch:
      "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: all\nspec:\n  template:\n    spec:\n      containers:\n        - name: manager\n          resources:\n            limits:\n              memory: 1Gi\n",
    target: { kind: "Deployment", name: CONTROLLERS },
  },
  // Enable in-memory kustomize builds
  {
    patch:
      addArgs("--concurrent=20") +
      "- op: replace\n  path: /spec/template/spec/volumes/0\n  value:\n    name: temp\n    emptyDir:\n      medium: Memory\n",
    target: { kind: "Deployment", name: "kustomize-controller" },
  },
  // Enable Helm repositories caching
  {
    patch: addArgs("--helm-cache-max-size=10", "--helm-cache-ttl=60m", "--helm-cache-purge-interval=5m"),
    target: { kind: "Deployment", name: "source-controller" },
  },
  // Flux near OOM detection for Helm
  {
    patch: addArgs("--feature-gates=OOMWatch=true", "--oom-watch-memory-threshold=95", "--oom-watch-interval=500ms"),
    target: { kind: "Deployment", name: "helm-controller" },
  },
  // Disable chart digest tracking
  { patch: addArgs("--feature-gates=DisableChartDigestTracking=true"), target: { kind: "Deployment", name: "helm-controller" } },
];

function values(ctx: DefinitionContext): Record<string, unknown> {
  const repo = ctx.cluster.repository;
  return {
    instance: {
      distribution: { version: pinnedVersion(ctx.cluster.pins, FLUX_DISTRIBUTION) },
      cluster: { networkPolicy: false },
      components: ["source-controller", "kustomize-controller", "helm-controller", "notification-controller"],
      sync: {
        kind: "GitRepository",
        url: repo.url,
        ...(repo.visibility === "private" ? { pullSecret: DEPLOY_KEY_SECRET } : {}),
        ref: `refs/heads/${repo.branch}`,
        path: "kubernetes/flux/cluster",
      },
      commonMetadata: { labels: { "app.kubernetes.io/name": "flux" } },
      kustomize: { patches: PATCHES },
    },
  };
}

function extras({ cluster, app, secret }: SecretEmitContext) {
  return {
    files: [
      {
        path: "app/httproute.yaml",
        documents: [
          {
            apiVersion: "gateway.networking.k8s.io/v1",
            kind: "HTTPRoute",
            metadata: { name: "github-webhook" },
            spec: {
              hostnames: [`${WEBHOOK_ROUTE.host}.\${SECRET_DOMAIN}`],
              parentRefs: [{ name: WEBHOOK_ROUTE.gateway, namespace: gatewayNamespace(cluster), sectionName: "https" }],
              rules: [
                {
                  backendRefs: [{ name: "webhook-receiver", namespace: app.namespace, port: 80 }],
                  matches: [{ path: { type: "PathPrefix", value: "/hook/" } }],
                },
              ],
            },
          },
        ],
        schemas: [SCHEMA.httpRoute],
      },
      {
        path: "app/receiver.yaml",
        documents: [
          {
            apiVersion: "notification.toolkit.fluxcd.io/v1",
            kind: "Receiver",
            metadata: { name: "github-webhook" },
            spec: {
              type: "github",
              events: ["ping", "push"],
              secretRef: { name: WEBHOOK_SECRET },
              resources: [
                { apiVersion: "source.toolkit.fluxcd.io/v1", kind: "GitRepository", name: "flux-system", namespace: "flux-system" },
                { apiVersion: "kustomize.toolkit.fluxcd.io/v1", kind: "Kustomization", name: "flux-system", namespace: "flux-system" },
              ],
            },
          },
        ],
        schemas: [SCHEMA.receiver],
      },
      {
        path: "app/secret.sops.yaml",
        secret: true,
        documents: [secretObject(WEBHOOK_SECRET, { token: secret(secretParam(app.params, "webhook-token")) })],
      },
    ],
  };
}

export const fluxInstance: AppDefinition = {
  id: "flux-instance",
  doc: "Flux itself (a FluxInstance) syncing this repository, with a GitHub push webhook.",
  namespace: "flux-system",
  chart: { kind: "oci", url: "oci://ghcr.io/controlplaneio-fluxcd/charts/flux-instance", version: "0.28.0" },
  params: {
    "webhook-token": { type: "secret", required: true, doc: "Shared secret of the GitHub push webhook (`flux-webhook.<domain>/hook/…`)." },
  },
  installAfter: [],
  // The FluxInstance kind is flux-operator's CRD: without it the object cannot even be applied.
  needs: ["flux-operator"],
  bootstrap: true,
  routes: [WEBHOOK_ROUTE],
  values,
  flux: {
    resourceOrder: ["helmrelease.yaml", "secret.sops.yaml", "httproute.yaml", "receiver.yaml"],
    rollback: true,
    valueComments: [
      {
        path: ["instance", "distribution", "version"],
        comment: "renovate: datasource=github-releases depName=controlplaneio-fluxcd/distribution",
      },
    ],
    extras,
  },
};
