import { base64Pem } from "../secrets/bundle.js";
import type { GoValue } from "../yaml/go-encode.js";
import {
  DEFAULT_DNS_DOMAIN, DEFAULT_KUBEPRISM_PORT, IMAGES, LABEL_EXCLUDE_FROM_LB, auditPolicy, endpointHost, image, installTarget,
  isControlPlane, podSecurityConfiguration, podSubnets, serviceSubnets, type Doc,
} from "./common.js";
import { contractFeatures } from "../releases.js";
import type { MachineConfigInput } from "./input.js";

/** machine.install for contracts before UnattendedInstallConfig (≤1.13). */
function installSection(input: MachineConfigInput): Doc {
  const target = installTarget(input);
  const install: Doc = {};
  if (target.disk) install["disk"] = target.disk;
  if (target.selector) install["diskSelector"] = { ...target.selector };
  if (input.installExtraKernelArgs && input.installExtraKernelArgs.length > 0) install["extraKernelArgs"] = [...input.installExtraKernelArgs];
  if (target.image) install["image"] = target.image;
  install["wipe"] = false;
  if (contractFeatures(input.contract).grubUseUkiCmdline) install["grubUseUKICmdline"] = true;
  return install;
}

function machineSection(input: MachineConfigInput): Doc {
  const features = contractFeatures(input.contract);
  const cp = isControlPlane(input);
  const { os } = input.secrets.certs;
  const machine: Doc = {
    type: input.machineType,
    token: input.secrets.trustdInfo.token,
    ca: { crt: base64Pem(os.crt), key: cp ? base64Pem(os.key) : "" },
    certSANs: [...(input.additionalSans ?? [])],
    kubelet: {
      image: image(IMAGES.kubelet, input),
      defaultRuntimeSeccompProfileEnabled: true,
      disableManifestsDirectory: true,
    },
  };
  if (features.emptyMachineNetwork) machine["network"] = {};
  machine["install"] = installSection(input);
  if (input.sysctls && Object.keys(input.sysctls).length > 0) machine["sysctls"] = { ...input.sysctls };
  if (!features.multidocNetwork && input.registryMirrors && input.registryMirrors.length > 0) {
    const mirrors: Doc = {};
    for (const m of input.registryMirrors) mirrors[m.registry] = { endpoints: [...m.endpoints] };
    machine["registries"] = { mirrors };
  }
  const featureFlags: Doc = features.legacyFeatureFlags ? { rbac: true, stableHostname: true, apidCheckExtKeyUsage: true } : {};
  machine["features"] = {
    ...featureFlags,
    diskQuotaSupport: true,
    kubePrism: { enabled: true, port: DEFAULT_KUBEPRISM_PORT },
    hostDNS: { enabled: true, forwardKubeDNSToHost: true },
  };
  if (cp) machine["nodeLabels"] = { [LABEL_EXCLUDE_FROM_LB]: "" };
  return machine;
}

function clusterNetwork(input: MachineConfigInput): Doc {
  const network: Doc = {};
  if (input.cni && input.cni.name !== "flannel") {
    network["cni"] = input.cni.name === "custom" ? { name: "custom", urls: [...input.cni.urls] } : { name: input.cni.name };
  }
  network["dnsDomain"] = input.dnsDomain ?? DEFAULT_DNS_DOMAIN;
  network["podSubnets"] = podSubnets(input);
  network["serviceSubnets"] = serviceSubnets(input);
  return network;
}

function apiServerSection(input: MachineConfigInput): Doc {
  const features = contractFeatures(input.contract);
  const sans = [...(features.endpointInApiServerSans ? [endpointHost(input.endpoint)] : []), ...(input.additionalSans ?? [])];
  const apiServer: Doc = { image: image(IMAGES.apiServer, input) };
  if (sans.length > 0) apiServer["certSANs"] = sans;
  if (features.legacyFeatureFlags) apiServer["disablePodSecurityPolicy"] = true;
  apiServer["admissionControl"] = [{ name: "PodSecurity", configuration: podSecurityConfiguration() }];
  apiServer["auditPolicy"] = auditPolicy();
  return apiServer;
}

function clusterSection(input: MachineConfigInput): Doc {
  const cp = isControlPlane(input);
  const { secrets } = input;
  const controlPlane: Doc = { endpoint: input.endpoint };
  if (cp && input.localApiServerPort) controlPlane["localAPIServerPort"] = input.localApiServerPort;
  const cluster: Doc = {
    id: secrets.cluster.id,
    secret: secrets.cluster.secret,
    controlPlane,
    clusterName: input.clusterName,
    network: clusterNetwork(input),
    token: secrets.secrets.bootstrapToken,
  };
  const discovery: GoValue = { enabled: true, registries: { kubernetes: { disabled: true }, service: {} } };
  if (!cp) {
    cluster["ca"] = { crt: base64Pem(secrets.certs.k8s.crt), key: "" };
    cluster["discovery"] = discovery;
    return cluster;
  }
  // A bundle from before Talos 1.3 only has the AES-CBC key; keep it rather than drop encryption.
  if (secrets.secrets.secretboxEncryptionSecret) cluster["secretboxEncryptionSecret"] = secrets.secrets.secretboxEncryptionSecret;
  else if (secrets.secrets.aescbcEncryptionSecret) cluster["aescbcEncryptionSecret"] = secrets.secrets.aescbcEncryptionSecret;
  cluster["ca"] = { crt: base64Pem(secrets.certs.k8s.crt), key: base64Pem(secrets.certs.k8s.key) };
  cluster["aggregatorCA"] = { crt: base64Pem(secrets.certs.k8sAggregator.crt), key: base64Pem(secrets.certs.k8sAggregator.key) };
  cluster["serviceAccount"] = { key: base64Pem(secrets.certs.k8sServiceAccount.key) };
  cluster["apiServer"] = apiServerSection(input);
  cluster["controllerManager"] = { image: image(IMAGES.controllerManager, input) };
  cluster["proxy"] = { image: image(IMAGES.proxy, input) };
  cluster["scheduler"] = { image: image(IMAGES.scheduler, input) };
  cluster["discovery"] = discovery;
  cluster["etcd"] = { ca: { crt: base64Pem(secrets.certs.etcd.crt), key: base64Pem(secrets.certs.etcd.key) } };
  if (input.allowSchedulingOnControlPlanes) cluster["allowSchedulingOnControlPlanes"] = true;
  return cluster;
}

/**
 * Contracts 1.10–1.13: the single v1alpha1 document, then (1.12+) registry mirror documents and
 * the HostnameConfig document, in Talos generator order.
 */
export function legacyDocuments(input: MachineConfigInput): Doc[] {
  const docs: Doc[] = [{ version: "v1alpha1", debug: false, persist: true, machine: machineSection(input), cluster: clusterSection(input) }];
  if (contractFeatures(input.contract).multidocNetwork) {
    for (const m of input.registryMirrors ?? []) {
      docs.push({ apiVersion: "v1alpha1", kind: "RegistryMirrorConfig", name: m.registry, endpoints: m.endpoints.map((url) => ({ url })) });
    }
    docs.push({ apiVersion: "v1alpha1", kind: "HostnameConfig", auto: "stable" });
  }
  return docs;
}
