import type { AppDefinition } from "../types.js";
import { stringParam } from "./shared/params.js";

/** k8s-gateway: DNS server for `${SECRET_DOMAIN}` on the LAN (split horizon) from routes and services. */
export const k8sGateway: AppDefinition = {
  id: "k8s-gateway",
  doc: "k8s-gateway: answers LAN DNS queries for the domain from HTTPRoutes and Services.",
  namespace: "network",
  chart: { kind: "oci", url: "oci://ghcr.io/k8s-gateway/charts/k8s-gateway", version: "3.2.7" },
  params: {
    address: { type: "ipv4", required: true, loadBalancerAddress: true, doc: "LoadBalancer address your router forwards the domain's DNS to." },
  },
  // Its address is announced by Cilium's L2/BGP load balancer.
  // As for cloudflare-dns: order for the README and the graph, no Flux dependsOn.
  installAfter: ["cilium"],
  bootstrap: false,
  values: (ctx) => ({
    fullnameOverride: ctx.name,
    domain: "${SECRET_DOMAIN}",
    ttl: 1,
    service: {
      type: "LoadBalancer",
      port: 53,
      annotations: { "lbipam.cilium.io/ips": stringParam(ctx.params, "address") },
      externalTrafficPolicy: "Cluster",
    },
    watchedResources: ["HTTPRoute", "Service"],
  }),
  flux: { sourceInterval: "1h" },
};
