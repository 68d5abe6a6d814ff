/**
 * `yaml-language-server` schema hints, the same URLs cluster-template writes, so editors opening
 * the generated repository validate it the way they validate a cluster-template render.
 */
const FLUX = "https://raw.githubusercontent.com/fluxcd-community/flux2-schemas/main";
const CATALOG = "https://raw.githubusercontent.com/datreeio/CRDs-catalog/main";
const CATALOG_GITHUB = "https://github.com/datreeio/CRDs-catalog/raw/refs/heads/main";
const CATALOG_PAGES = "https://datreeio.github.io/CRDs-catalog";

export const SCHEMA = {
  fluxKustomization: `${FLUX}/kustomization-kustomize-v1.json`,
  helmRelease: `${FLUX}/helmrelease-helm-v2.json`,
  ociRepository: `${FLUX}/ocirepository-source-v1.json`,
  kustomization: "https://json.schemastore.org/kustomization",
  helmfile: "https://json.schemastore.org/helmfile",
  gateway: `${CATALOG_GITHUB}/gateway.networking.k8s.io/gateway_v1.json`,
  httpRoute: `${CATALOG_GITHUB}/gateway.networking.k8s.io/httproute_v1.json`,
  certificate: `${CATALOG}/cert-manager.io/certificate_v1.json`,
  clusterIssuer: `${CATALOG}/cert-manager.io/clusterissuer_v1.json`,
  dnsEndpoint: `${CATALOG}/externaldns.k8s.io/dnsendpoint_v1alpha1.json`,
  receiver: `${CATALOG}/notification.toolkit.fluxcd.io/receiver_v1.json`,
  ciliumLoadBalancerIPPool: `${CATALOG_PAGES}/cilium.io/ciliumloadbalancerippool_v2alpha1.json`,
  ciliumL2AnnouncementPolicy: `${CATALOG_PAGES}/cilium.io/ciliuml2announcementpolicy_v2alpha1.json`,
  ciliumBGPAdvertisement: `${CATALOG_PAGES}/cilium.io/ciliumbgpadvertisement_v2alpha1.json`,
  ciliumBGPPeerConfig: `${CATALOG_PAGES}/cilium.io/ciliumbgppeerconfig_v2alpha1.json`,
  ciliumBGPClusterConfig: `${CATALOG_PAGES}/cilium.io/ciliumbgpclusterconfig_v2alpha1.json`,
} as const;
