import type { ClusterModel } from "../../compiler/model/model.js";
import { SCHEMA } from "../../compiler/model/schema-urls.js";
import type { AppDefinition, AppFile, DefinitionContext, EmitContext } from "../types.js";
import { appFromDefinition, refOf } from "./shared/cluster-apps.js";
import { optionalIntegerParam, optionalStringParam, stringParam } from "./shared/params.js";

/**
 * Cilium: CNI, kube-proxy replacement, L2 load-balancer announcements and the Gateway API
 * controller behind the `external` and `internal` Gateways (cluster-template era A).
 */

interface Bgp {
  readonly routerAddress: string;
  readonly routerAsn: number;
  readonly nodeAsn: number;
}

type Params = DefinitionContext["params"];

/** BGP is on only when all three values are set; the checker reports a partial set. */
function bgpOf(params: Params): Bgp | undefined {
  const routerAddress = optionalStringParam(params, "bgp-router");
  const routerAsn = optionalIntegerParam(params, "bgp-router-asn");
  const nodeAsn = optionalIntegerParam(params, "bgp-node-asn");
  if (routerAddress === undefined || routerAsn === undefined || nodeAsn === undefined) return undefined;
  return { routerAddress, routerAsn, nodeAsn };
}

function values(ctx: DefinitionContext): Record<string, unknown> {
  const bgp = bgpOf(ctx.params);
  return {
    autoDirectNodeRoutes: true,
    bpf: {
      masquerade: true,
      // Ref: https://github.com/siderolabs/talos/issues/10002
      hostLegacyRouting: true,
    },
    ...(bgp ? { bgpControlPlane: { enabled: true } } : {}),
    // exclusive: false leaves room for Multus.
    cni: { exclusive: false },
    // Talos mounts the cgroup2 hierarchy itself.
    // Talos mounts cgroup2 at /sys/fs/cgroup itself (cluster-template writes `automount`, a key the chart ignores).
    cgroup: { autoMount: { enabled: false }, hostRoot: "/sys/fs/cgroup" },
    dashboards: { enabled: true },
    endpointRoutes: { enabled: true },
    envoy: { rollOutPods: true, prometheus: { serviceMonitor: { enabled: true } } },
    gatewayAPI: { enabled: true },
    hubble: { enabled: false },
    ipam: { mode: "kubernetes" },
    ipv4NativeRoutingCIDR: ctx.cluster.podCidr.text,
    // KubePrism: Talos' local API server load balancer on every node.
    k8sServiceHost: "127.0.0.1",
    k8sServicePort: 7445,
    kubeProxyReplacement: true,
    kubeProxyReplacementHealthzBindAddr: "0.0.0.0:10256",
    l2announcements: { enabled: true },
    loadBalancer: { algorithm: "maglev", mode: stringParam(ctx.params, "lb-mode") },
    localRedirectPolicy: true,
    operator: {
      dashboards: { enabled: true },
      prometheus: { enabled: true, serviceMonitor: { enabled: true } },
      replicas: 1,
      rollOutPods: true,
    },
    // The prometheus-operator CRDs are applied before Cilium during bootstrap.
    prometheus: { enabled: true, serviceMonitor: { enabled: true, trustCRDsExist: true } },
    rollOutCiliumPods: true,
    routingMode: "native",
    // Talos drops SYS_MODULE; the capability lists are given explicitly.
    securityContext: {
      capabilities: {
        ciliumAgent: [
          "CHOWN",
          "KILL",
          "NET_ADMIN",
          "NET_RAW",
          "IPC_LOCK",
          "SYS_ADMIN",
          "SYS_RESOURCE",
          "PERFMON",
          "BPF",
          "DAC_OVERRIDE",
          "FOWNER",
          "SETGID",
          "SETUID",
        ],
        cleanCiliumState: ["NET_ADMIN", "SYS_ADMIN", "SYS_RESOURCE"],
      },
    },
    socketLB: { hostNamespaceOnly: true },
  };
}

const LINUX_NODES = { matchLabels: { "kubernetes.io/os": "linux" } };

/**
 * The BGP objects under cluster-template's names and API version, so a repository adopted from it
 * keeps them (Flux would prune and re-create renamed ones, dropping the sessions).
 */
const PEER_CONFIG = "bgp-peer-config-v4";

function bgpDocuments(bgp: Bgp): { documents: unknown[]; schemas: string[] } {
  return {
    documents: [
      {
        apiVersion: "cilium.io/v2alpha1",
        kind: "CiliumBGPAdvertisement",
        metadata: { name: "bgp-advertisement-config", labels: { advertise: "bgp" } },
        spec: {
          advertisements: [
            {
              advertisementType: "Service",
              service: { addresses: ["LoadBalancerIP"] },
              // A selector nothing can fail: advertise every LoadBalancer service.
              selector: { matchExpressions: [{ key: "somekey", operator: "NotIn", values: ["never-used-value"] }] },
            },
          ],
        },
      },
      {
        apiVersion: "cilium.io/v2alpha1",
        kind: "CiliumBGPPeerConfig",
        metadata: { name: PEER_CONFIG },
        spec: { families: [{ afi: "ipv4", safi: "unicast", advertisements: { matchLabels: { advertise: "bgp" } } }] },
      },
      {
        apiVersion: "cilium.io/v2alpha1",
        kind: "CiliumBGPClusterConfig",
        metadata: { name: "bgp-cluster-config" },
        spec: {
          nodeSelector: LINUX_NODES,
          bgpInstances: [
            {
              name: `instance-${bgp.nodeAsn}`,
              localASN: bgp.nodeAsn,
              peers: [
                {
                  name: `peer-${bgp.routerAsn}-v4`,
                  peerASN: bgp.routerAsn,
                  peerAddress: bgp.routerAddress,
                  peerConfigRef: { name: PEER_CONFIG },
                },
              ],
            },
          ],
        },
      },
    ],
    schemas: [SCHEMA.ciliumBGPAdvertisement, SCHEMA.ciliumBGPPeerConfig, SCHEMA.ciliumBGPClusterConfig],
  };
}

function networksFile(cluster: ClusterModel, params: Params): AppFile {
  const bgp = bgpOf(params);
  const extra = bgp ? bgpDocuments(bgp) : { documents: [], schemas: [] };
  return {
    path: "app/networks.yaml",
    documents: [
      {
        apiVersion: "cilium.io/v2alpha1",
        kind: "CiliumLoadBalancerIPPool",
        metadata: { name: "pool" },
        // Like cluster-template, the whole node network is the pool; the checker guarantees
        // that fixed LoadBalancer addresses collide with no node, VIP or gateway.
        spec: { allowFirstLastIPs: "No", blocks: [{ cidr: cluster.network.cidr.text }] },
      },
      {
        apiVersion: "cilium.io/v2alpha1",
        kind: "CiliumL2AnnouncementPolicy",
        metadata: { name: "l2-policy" },
        spec: { loadBalancerIPs: true, nodeSelector: LINUX_NODES },
      },
      ...extra.documents,
    ],
    schemas: [SCHEMA.ciliumLoadBalancerIPPool, SCHEMA.ciliumL2AnnouncementPolicy, ...extra.schemas],
  };
}

const TLS_SECRET = "${SECRET_DOMAIN/./-}-production-tls";

function gateway(name: "external" | "internal", address: string): Record<string, unknown> {
  const hostname = `${name}.\${SECRET_DOMAIN}`;
  return {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "Gateway",
    metadata: { name, annotations: { "external-dns.alpha.kubernetes.io/target": hostname } },
    spec: {
      gatewayClassName: "cilium",
      addresses: [{ type: "IPAddress", value: address }],
      infrastructure: { annotations: { "external-dns.alpha.kubernetes.io/hostname": hostname } },
      listeners: [
        {
          name: "http",
          protocol: "HTTP",
          port: 80,
          hostname: "*.${SECRET_DOMAIN}",
          allowedRoutes: { namespaces: { from: "Same" } },
        },
        {
          name: "https",
          protocol: "HTTPS",
          port: 443,
          hostname: "*.${SECRET_DOMAIN}",
          allowedRoutes: { namespaces: { from: "All" } },
          tls: { certificateRefs: [{ kind: "Secret", name: TLS_SECRET }] },
        },
      ],
    },
  };
}

function gatewayFiles(params: Params): AppFile[] {
  return [
    {
      path: "gateway/certificate.yaml",
      documents: [
        {
          apiVersion: "cert-manager.io/v1",
          kind: "Certificate",
          metadata: { name: "${SECRET_DOMAIN/./-}-production" },
          spec: {
            secretName: TLS_SECRET,
            issuerRef: { name: "letsencrypt-production", kind: "ClusterIssuer" },
            commonName: "${SECRET_DOMAIN}",
            dnsNames: ["${SECRET_DOMAIN}", "*.${SECRET_DOMAIN}"],
          },
        },
      ],
      schemas: [SCHEMA.certificate],
    },
    { path: "gateway/external.yaml", documents: [gateway("external", stringParam(params, "external-gateway"))], schemas: [SCHEMA.gateway] },
    { path: "gateway/internal.yaml", documents: [gateway("internal", stringParam(params, "internal-gateway"))], schemas: [SCHEMA.gateway] },
  ];
}

export const cilium: AppDefinition = {
  id: "cilium",
  doc: "Cilium CNI with kube-proxy replacement, L2/BGP load balancing and the `external`/`internal` Gateways.",
  namespace: "kube-system",
  chart: { kind: "oci", url: "oci://ghcr.io/home-operations/charts-mirror/cilium", version: "1.18.1" },
  params: {
    "internal-gateway": { type: "ipv4", required: true, loadBalancerAddress: true, doc: "Address of the `internal` Gateway (LAN-only routes)." },
    "external-gateway": { type: "ipv4", required: true, loadBalancerAddress: true, doc: "Address of the `external` Gateway (target of the Cloudflare tunnel)." },
    "lb-mode": { type: { enum: ["dsr", "snat"] }, default: "dsr", doc: "Cilium `loadBalancer.mode`: direct server return or SNAT." },
    "bgp-router": { type: "ipv4", allOrNone: "bgp", doc: "BGP peer (your router); BGP is on when all three bgp-* params are set." },
    "bgp-router-asn": { type: "integer", range: [1, 4294967295], allOrNone: "bgp", doc: "ASN of the BGP peer." },
    "bgp-node-asn": { type: "integer", range: [1, 4294967295], allOrNone: "bgp", doc: "ASN the nodes announce from." },
  },
  installAfter: [],
  bootstrap: true,
  values,
  flux: {
    extras: ({ cluster, app }: EmitContext) => {
      // The wildcard certificate needs cert-manager's ClusterIssuer. An app-level edge would be a
      // cycle (cert-manager runs on Cilium), so only this second Kustomization waits for it.
      const certManager = appFromDefinition(cluster, "cert-manager");
      return {
        files: [networksFile(cluster, app.params), ...gatewayFiles(app.params)],
        kustomizations: [
          {
            name: `${app.name}-gateway`,
            dir: "gateway",
            dependsOn: certManager ? [refOf(certManager)] : [],
            spec: { timeout: "15m", wait: true },
          },
        ],
      };
    },
  },
};
