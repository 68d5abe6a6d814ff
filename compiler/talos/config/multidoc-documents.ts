import { base64Pem } from "../secrets/bundle.js";
import {
  DEFAULT_DNS_DOMAIN, DEFAULT_KUBEPRISM_PORT, DISCOVERY_SERVICE_ENDPOINT, IMAGES, LABEL_CONTROL_PLANE, LABEL_EXCLUDE_FROM_LB,
  auditPolicy, image, installTarget, isControlPlane, podSecurityConfiguration, podSubnets, serviceSubnets, type Doc,
} from "./common.js";
import type { MachineConfigInput } from "./input.js";

const V = "v1alpha1";

function doc(kind: string, body: Doc): Doc {
  return { apiVersion: V, kind, ...body };
}

/** What is left of the v1alpha1 document in the 1.14 layout. */
function rootDocument(input: MachineConfigInput): Doc {
  const cp = isControlPlane(input);
  const { secrets } = input;
  const cluster: Doc = { token: secrets.secrets.bootstrapToken };
  if (cp) cluster["etcd"] = { ca: { crt: base64Pem(secrets.certs.etcd.crt), key: base64Pem(secrets.certs.etcd.key) } };
  return {
    version: V,
    debug: false,
    persist: true,
    machine: {
      type: input.machineType,
      token: secrets.trustdInfo.token,
      ca: { crt: base64Pem(secrets.certs.os.crt), key: cp ? base64Pem(secrets.certs.os.key) : "" },
      certSANs: [...(input.additionalSans ?? [])],
      features: { diskQuotaSupport: true },
    },
    cluster,
  };
}

/** UnattendedInstallConfig replaces machine.install; only generated when an install disk is known. */
function unattendedInstall(input: MachineConfigInput): Doc[] {
  const target = installTarget(input);
  const conditions: string[] = [];
  if (target.disk) conditions.push(`disk.dev_path == ${JSON.stringify(target.disk)}`);
  if (target.selector?.serial) conditions.push(`disk.serial == ${JSON.stringify(target.selector.serial)}`);
  if (target.selector?.model) conditions.push(`disk.model == ${JSON.stringify(target.selector.model)}`);
  if (target.selector?.busPath) conditions.push(`disk.bus_path == ${JSON.stringify(target.selector.busPath)}`);
  if (conditions.length === 0) return [];
  const installer: Doc = target.image ? { image: target.image } : {};
  return [doc("UnattendedInstallConfig", { installer, provisioning: { diskSelector: { match: conditions.join(" && ") }, wipe: false } })];
}

/** Documents every machine gets (init/controlplane/worker share them). */
function machineDocuments(input: MachineConfigInput): Doc[] {
  const docs: Doc[] = [
    rootDocument(input),
    doc("DiscoveryServiceConfig", { name: "default", endpoint: DISCOVERY_SERVICE_ENDPOINT }),
    doc("DiscoveryIdentityConfig", { clusterID: input.secrets.cluster.id, clusterSecret: input.secrets.cluster.secret }),
    ...unattendedInstall(input),
    doc("ResolverConfig", { hostDNS: { enabled: true, forwardKubeDNSToHost: true } }),
  ];
  if (input.sysctls && Object.keys(input.sysctls).length > 0) docs.push(doc("SysctlConfig", { params: { ...input.sysctls } }));
  docs.push(
    doc("VolumeConfig", { name: "EPHEMERAL", mount: { secure: true } }),
    doc("FilesystemTrimConfig", { interval: "168h0m0s" }),
    doc("SecurityProfileConfig", { workloadIsolation: true }),
  );
  for (const m of input.registryMirrors ?? []) {
    docs.push(doc("RegistryMirrorConfig", { name: m.registry, endpoints: m.endpoints.map((url) => ({ url })) }));
  }
  docs.push(doc("HostnameConfig", { auto: "stable" }));
  return docs;
}

function kubernetesUniversal(input: MachineConfigInput): Doc[] {
  const cp = isControlPlane(input);
  const node: Doc = { nodeIP: {} };
  if (cp) {
    node["labels"] = { [LABEL_CONTROL_PLANE]: "", [LABEL_EXCLUDE_FROM_LB]: "" };
    if (!input.allowSchedulingOnControlPlanes) node["taints"] = { [LABEL_CONTROL_PLANE]: "NoSchedule" };
  }
  const k8sCa = input.secrets.certs.k8s;
  return [
    doc("KubeClusterConfig", { clusterName: input.clusterName, endpoint: input.endpoint }),
    doc("KubeNodeConfig", node),
    doc("KubeletConfig", { image: image(IMAGES.kubelet, input), config: {}, defaultRuntimeSeccompProfileEnabled: true }),
    doc("KubeNetworkConfig", { dnsDomain: input.dnsDomain ?? DEFAULT_DNS_DOMAIN, podSubnets: podSubnets(input), serviceSubnets: serviceSubnets(input) }),
    // PEM text here, not base64: the new documents carry certificates verbatim.
    doc("KubeAPIServerCAConfig", cp ? { issuingCA: { cert: k8sCa.crt, key: k8sCa.key } } : { acceptedCAs: [k8sCa.crt] }),
    doc("KubePrismConfig", { port: DEFAULT_KUBEPRISM_PORT }),
  ];
}

function kubernetesControlPlane(input: MachineConfigInput): Doc[] {
  const { certs, secrets } = input.secrets;
  const apiServer: Doc = { image: image(IMAGES.apiServer, input) };
  if (input.localApiServerPort) apiServer["apiPort"] = input.localApiServerPort;
  if (input.additionalSans && input.additionalSans.length > 0) apiServer["certExtraSANs"] = [...input.additionalSans];
  const customCni = input.cni?.name === "custom" ? input.cni.urls : undefined;
  const docs: Doc[] = [
    doc("KubeAggregatorCAConfig", { issuingCA: { cert: certs.k8sAggregator.crt, key: certs.k8sAggregator.key } }),
    doc("KubeAdmissionControlConfig", { name: "PodSecurity", configuration: podSecurityConfiguration() }),
    doc("KubeAuditPolicyConfig", { configuration: auditPolicy() }),
    doc("KubeAuthenticationConfig", {
      configuration: { anonymous: { conditions: [{ path: "/livez" }, { path: "/readyz" }, { path: "/healthz" }], enabled: true }, jwt: [] },
    }),
    doc("KubeAuthorizerConfig", { name: "node", type: "Node" }),
    doc("KubeAuthorizerConfig", { name: "rbac", type: "RBAC" }),
    doc("KubeEtcdEncryptionConfig", {
      config: {
        resources: [{
          providers: [{ secretbox: { keys: [{ name: "key2", secret: secrets.secretboxEncryptionSecret ?? secrets.aescbcEncryptionSecret ?? "" }] } }],
          resources: ["secrets"],
        }],
      },
    }),
    doc("KubeServiceAccountConfig", { issuer: { privateKey: certs.k8sServiceAccount.key, issuerURL: input.endpoint } }),
    doc("KubeAPIServerConfig", apiServer),
    doc("KubeControllerManagerConfig", { image: image(IMAGES.controllerManager, input) }),
    doc("KubeSchedulerConfig", { image: image(IMAGES.scheduler, input), config: {} }),
    doc("KubeProxyConfig", { image: image(IMAGES.proxy, input), config: {} }),
  ];
  if (input.cni === undefined || input.cni.name === "flannel") docs.push(doc("KubeFlannelCNIConfig", { backendType: "vxlan", backendPort: 4789 }));
  docs.push(doc("KubeCoreDNSConfig", { enabled: true }));
  (customCni ?? []).forEach((url, i) => {
    docs.push(doc("KubeExternalManifestConfig", { name: i === 0 ? "custom-cni" : `custom-cni-${i}`, url }));
  });
  return docs;
}

/** Contract 1.14: the multi-document layout, in Talos generator order. */
export function multidocDocuments(input: MachineConfigInput): Doc[] {
  const docs = [...machineDocuments(input), ...kubernetesUniversal(input)];
  if (isControlPlane(input)) docs.push(...kubernetesControlPlane(input));
  return docs;
}
