import type { AppDefinition, DefinitionContext } from "../types.js";

/** CoreDNS as the cluster DNS (Talos' built-in CoreDNS is disabled by the controller patch). */
function values(ctx: DefinitionContext): Record<string, unknown> {
  return {
    fullnameOverride: "coredns",
    image: { repository: "mirror.gcr.io/coredns/coredns" },
    // Keeps the selectors/labels kubelet and tooling expect from a stock cluster.
    k8sAppLabelOverride: "kube-dns",
    serviceAccount: { create: true },
    // kubelet's clusterDNS points at the 10th address of the service network.
    service: { name: "kube-dns", clusterIP: ctx.cluster.clusterDnsAddress },
    replicaCount: 2,
    servers: [
      {
        zones: [{ zone: ".", scheme: "dns://", use_tcp: true }],
        port: 53,
        plugins: [
          { name: "errors" },
          { name: "health", configBlock: "lameduck 5s" },
          { name: "ready" },
          {
            name: "kubernetes",
            parameters: "cluster.local in-addr.arpa ip6.arpa",
            configBlock: "pods verified\nfallthrough in-addr.arpa ip6.arpa",
          },
          { name: "autopath", parameters: "@kubernetes" },
          { name: "forward", parameters: ". /etc/resolv.conf" },
          { name: "cache", configBlock: "prefetch 20\nserve_stale" },
          { name: "loop" },
          { name: "reload" },
          { name: "loadbalance" },
          { name: "prometheus", parameters: "0.0.0.0:9153" },
          { name: "log", configBlock: "class error" },
        ],
      },
    ],
    // DNS must come up before any worker has joined, so it lives on the control plane.
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: "node-role.kubernetes.io/control-plane", operator: "Exists" }] }],
        },
      },
    },
    tolerations: [
      { key: "CriticalAddonsOnly", operator: "Exists" },
      { key: "node-role.kubernetes.io/control-plane", operator: "Exists", effect: "NoSchedule" },
    ],
  };
}

export const coredns: AppDefinition = {
  id: "coredns",
  doc: "CoreDNS serving cluster DNS at the 10th address of the service network.",
  namespace: "kube-system",
  chart: { kind: "oci", url: "oci://ghcr.io/coredns/charts/coredns", version: "1.43.3" },
  params: {},
  // Pods get no network before the CNI is up.
  installAfter: ["cilium"],
  bootstrap: true,
  values,
  flux: { rollback: true },
};
