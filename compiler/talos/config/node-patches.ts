import type { ConfigPatch } from "../patch/patch.js";
import type { Doc } from "./common.js";
import { contractFeatures } from "../releases.js";
import type { MachineConfigInput } from "./input.js";
import { legacyInterface, linkNames, multidocInterface, talhelperOrder } from "./node-network.js";

const V = "v1alpha1";

/** The node's network, hostname and time settings in the v1alpha1 document (contracts ≤1.11). */
function legacyMachinePatch(input: MachineConfigInput, machine: Doc): void {
  const node = input.node ?? {};
  const network: Doc = {};
  if (node.hostname) network["hostname"] = node.hostname;
  if (node.interfaces?.length) network["interfaces"] = node.interfaces.map(legacyInterface);
  if (node.nameservers?.length) network["nameservers"] = [...node.nameservers];
  if (Object.keys(network).length > 0) machine["network"] = network;
  if (node.ntpServers?.length) machine["time"] = { servers: [...node.ntpServers] };
}

/** The same settings as 1.12+ documents, merged into or appended to the generated ones. */
function multidocNodeDocuments(input: MachineConfigInput): Doc[] {
  const node = input.node ?? {};
  const docs: Doc[] = [];
  // Talos generates `auto: stable`; a fixed hostname needs auto off (they conflict otherwise).
  if (node.hostname) docs.push({ apiVersion: V, kind: "HostnameConfig", auto: "off", hostname: node.hostname });
  if (node.nameservers?.length) docs.push({ apiVersion: V, kind: "ResolverConfig", nameservers: node.nameservers.map((address) => ({ address })) });
  if (node.ntpServers?.length) docs.push({ apiVersion: V, kind: "TimeSyncConfig", ntp: { servers: [...node.ntpServers] } });
  const specs = node.interfaces ?? [];
  const names = linkNames(specs);
  docs.push(...talhelperOrder(specs.map((spec, i) => multidocInterface(spec, names[i] as string))));
  return docs;
}

/**
 * The node's settings as strategic merge patches over the generated config, the way talhelper
 * layers a node on top of `generate.Input` output. Install disk and image are not here: they
 * feed the generator directly so the install documents keep Talos's own placement.
 */
export function nodePatches(input: MachineConfigInput): ConfigPatch[] {
  const node = input.node;
  if (!node) return [];
  const features = contractFeatures(input.contract);
  const machine: Doc = {};
  if (node.certSans?.length) machine["certSANs"] = [...node.certSans];
  const docs: Doc[] = [];
  if (node.kubeletValidSubnets?.length) {
    const nodeIP = { validSubnets: [...node.kubeletValidSubnets] };
    if (features.multidocKubernetes) docs.push({ apiVersion: V, kind: "KubeNodeConfig", nodeIP });
    else machine["kubelet"] = { nodeIP };
  }
  if (features.multidocNetwork) docs.push(...multidocNodeDocuments(input));
  else legacyMachinePatch(input, machine);
  const root: Doc[] = Object.keys(machine).length > 0 ? [{ machine }] : [];
  const all = [...root, ...docs];
  return all.length > 0 ? [{ kind: "strategic", documents: all }] : [];
}
