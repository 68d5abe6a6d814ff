import { parseAllDocuments } from "yaml";
import { raw, type LabDeclaration, type LabEntry } from "./lab-text.js";
import { at, isRecord, str, type RepoFiles } from "./repo-files.js";
import type { Unmapped } from "./unmapped.js";
import { formatIPv4, networkOf, nthHost, parseCidr4, parseIPv4 } from "../net/ipv4.js";

/**
 * The cluster, its networks and nodes, from talhelper's talos/talconfig.yaml and talenv.yaml and
 * the global patches (nameservers, NTP): the inverse of compiler/emit/talhelper.
 */
export interface InfraFacts {
  readonly name: string;
  readonly endpoint: string;
  readonly domain: string;
  readonly repository: { readonly owner: string; readonly name: string; readonly branch: string; readonly private: boolean } | undefined;
  readonly recipients: readonly string[];
}

interface NetworkFacts {
  name: string;
  cidr: string;
  gateway: string;
  vlan: number | undefined;
  mtus: number[];
}

const TALOS_RENOVATE = "renovate: datasource=docker depName=ghcr.io/siderolabs/installer";
const KUBERNETES_RENOVATE = "renovate: datasource=docker depName=ghcr.io/siderolabs/kubelet";
const DEFAULT_NAMESERVERS = ["1.1.1.1", "1.0.0.1"];
const DEFAULT_NTP = ["162.159.200.1", "162.159.200.123"];

export function importInfra(repo: RepoFiles, facts: Omit<InfraFacts, "name" | "endpoint">, unmapped: Unmapped): { declarations: LabDeclaration[]; name: string } {
  const talconfig = repo.document("talos/talconfig.yaml");
  if (!talconfig) throw new Error("talos/talconfig.yaml is missing: this does not look like a cluster-template repository");
  const talenv = repo.document("talos/talenv.yaml") ?? {};
  const name = str(talconfig["clusterName"]) ?? "kubernetes";
  const endpoint = /^https:\/\/([^:/]+)(?::6443)?\/?$/.exec(str(talconfig["endpoint"]) ?? "")?.[1];
  if (!endpoint) throw new Error(`talos/talconfig.yaml: endpoint '${String(talconfig["endpoint"])}' is not https://<address>:6443`);
  const talos = versionOf(talenv["talosVersion"], talconfig["talosVersion"]);
  const kubernetes = versionOf(talenv["kubernetesVersion"], talconfig["kubernetesVersion"]);
  if (!talos || !kubernetes) throw new Error("talos/talenv.yaml: talosVersion and kubernetesVersion are needed");

  const sans = (Array.isArray(talconfig["additionalApiServerCertSans"]) ? talconfig["additionalApiServerCertSans"] : []).map(String).filter((s) => s !== "127.0.0.1" && s !== endpoint);
  const cluster: LabEntry[] = [
    { key: "talos", value: raw(talos), comments: [TALOS_RENOVATE] },
    { key: "kubernetes", value: raw(kubernetes), comments: [KUBERNETES_RENOVATE] },
    { key: "endpoint", value: raw(endpoint) },
    { key: "pods", value: raw(firstNet(talconfig["clusterPodNets"]) ?? "10.42.0.0/16") },
    { key: "services", value: raw(firstNet(talconfig["clusterSvcNets"]) ?? "10.43.0.0/16") },
    { key: "domain", value: facts.domain },
  ];
  if (facts.repository) {
    const r = facts.repository;
    cluster.push({ key: "repository", value: raw(`github(${JSON.stringify(`${r.owner}/${r.name}`)}, branch: ${JSON.stringify(r.branch)}${r.private ? ", visibility: private" : ""})`) });
  } else {
    unmapped.add("flux-instance", "no GitHub sync URL found; set repository = github(\"owner/repo\") by hand");
    cluster.push({ key: "repository", value: raw('github("owner/repo", branch: "main")'), comments: ["CHANGE: not found in the imported repository"] });
  }
  if (sans.length > 0) cluster.push({ key: "sans", value: { list: sans.map((s) => (/^\d+(\.\d+){3}$/.test(s) ? raw(s) : s)) } });
  cluster.push({ key: "recipients", value: { list: [...facts.recipients] } });

  const nameservers = stringList(at(repo.document("talos/patches/global/machine-network.yaml"), "machine", "network", "nameservers")) ?? DEFAULT_NAMESERVERS;
  const ntp = stringList(at(repo.document("talos/patches/global/machine-time.yaml"), "machine", "time", "servers")) ?? DEFAULT_NTP;

  const networks: NetworkFacts[] = [];
  const nodes: { entries: LabEntry[]; name: string; network: NetworkFacts; mtu: number | undefined }[] = [];
  const rawNodes = Array.isArray(talconfig["nodes"]) ? talconfig["nodes"] : [];
  for (const n of rawNodes) {
    if (!isRecord(n)) continue;
    const hostname = str(n["hostname"]) ?? "node";
    const where = `talos/talconfig.yaml node ${hostname}`;
    const nic = Array.isArray(n["networkInterfaces"]) ? n["networkInterfaces"][0] : undefined;
    if (Array.isArray(n["networkInterfaces"]) && n["networkInterfaces"].length > 1) unmapped.add(where, "only the first network interface is imported; declare the others as nics { name { mac = …  network = …  address = … } }");
    if (isRecord(at(nic, "bond"))) unmapped.add(where, "the bond is not imported; replace mac with bond { macs = […]  mode = … }");
    const vlanEntry = Array.isArray(at(nic, "vlans")) ? (at(nic, "vlans") as unknown[])[0] : undefined;
    const iface = vlanEntry ?? nic;
    const address = str(n["ipAddress"]) ?? "";
    const cidrText = str(at(iface, "addresses", 0)) ?? `${address}/24`;
    const prefix = Number(cidrText.split("/")[1] ?? "24");
    const gateway = str((Array.isArray(at(iface, "routes")) ? (at(iface, "routes") as unknown[]) : []).map((r) => (isRecord(r) && r["network"] === "0.0.0.0/0" ? r["gateway"] : undefined)).find((g) => g !== undefined)) ?? "";
    const vlan = typeof at(vlanEntry, "vlanId") === "number" ? (at(vlanEntry, "vlanId") as number) : undefined;
    const cidr = networkCidr(address, prefix);
    let network = networks.find((x) => x.cidr === cidr && x.vlan === vlan);
    if (!network) {
      network = { name: networks.length === 0 ? "lan" : `lan-${networks.length + 1}`, cidr, gateway, vlan, mtus: [] };
      networks.push(network);
    }
    const mtu = typeof at(iface, "mtu") === "number" ? (at(iface, "mtu") as number) : undefined;
    if (mtu !== undefined) network.mtus.push(mtu);

    const entries: LabEntry[] = [
      { key: "role", value: raw(n["controlPlane"] === true ? "controlplane" : "worker") },
      { key: "address", value: raw(address) },
      { key: "mac", value: raw(str(at(nic, "deviceSelector", "hardwareAddr")) ?? "00:00:00:00:00:00") },
    ];
    if (typeof n["installDisk"] === "string") entries.push({ key: "disk", value: n["installDisk"] });
    else if (isRecord(n["installDiskSelector"])) {
      entries.push({ key: "disk", value: { block: Object.entries(n["installDiskSelector"]).map(([k, v]) => ({ key: k, value: String(v) })) } });
    } else unmapped.add(where, "no installDisk or installDiskSelector");
    const image = /^factory\.talos\.dev\/installer(-secureboot)?\/([0-9a-f]{64})/.exec(str(n["talosImageURL"]) ?? "");
    if (image) entries.push({ key: "schematic", value: image[2]! });
    else unmapped.add(where, `talosImageURL '${String(n["talosImageURL"])}' is not an image factory installer`);
    if (at(n, "machineSpec", "secureboot") === true) entries.push({ key: "secureboot", value: true });
    const patches = inlinePatches(n["patches"], where, unmapped);
    if (patches.encrypt) entries.push({ key: "encrypt-disk", value: true });
    if (patches.modules.length > 0) entries.push({ key: "kernel-modules", value: { list: patches.modules } });
    nodes.push({ entries, name: hostname, network, mtu });
  }
  if (nodes.length === 0) unmapped.add("talos/talconfig.yaml", "no nodes");

  const declarations: LabDeclaration[] = [{ keyword: "cluster", name, body: cluster }];
  for (const network of networks) {
    const mtu = mostCommon(network.mtus) ?? 1500;
    const body: LabEntry[] = [{ key: "cidr", value: raw(network.cidr) }];
    if (network.gateway && network.gateway !== firstHost(network.cidr)) body.push({ key: "gateway", value: raw(network.gateway) });
    if (network.vlan !== undefined) body.push({ key: "vlan", value: network.vlan });
    if (mtu !== 1500) body.push({ key: "mtu", value: mtu });
    body.push({ key: "nameservers", value: { list: nameservers.map(raw) } });
    if (ntp.join() !== DEFAULT_NTP.join()) body.push({ key: "ntp", value: { list: ntp.map((s) => (/^\d+(\.\d+){3}$/.test(s) ? raw(s) : s)) } });
    declarations.push({ keyword: "network", name: network.name, body });
  }
  for (const node of nodes) {
    const body = [...node.entries];
    if (networks.length > 1) body.splice(2, 0, { key: "network", value: raw(node.network.name) });
    const networkMtu = mostCommon(node.network.mtus) ?? 1500;
    if (node.mtu !== undefined && node.mtu !== networkMtu) body.push({ key: "mtu", value: node.mtu });
    declarations.push({ keyword: "node", name: node.name, body });
  }
  return { declarations, name };
}

function versionOf(...candidates: unknown[]): string | undefined {
  for (const c of candidates) {
    const s = str(c);
    if (s && /^v?\d+\.\d+(\.\d+)?/.test(s)) return s.startsWith("v") ? s : `v${s}`;
  }
  return undefined;
}

function firstNet(v: unknown): string | undefined {
  return Array.isArray(v) ? str(v[0]) : undefined;
}

function stringList(v: unknown): string[] | undefined {
  return Array.isArray(v) ? v.map(String) : undefined;
}

/** The inline per-node patches labc (and cluster-template) write: TPM disk encryption, kernel modules. */
function inlinePatches(v: unknown, where: string, unmapped: Unmapped): { encrypt: boolean; modules: string[] } {
  const out = { encrypt: false, modules: [] as string[] };
  for (const patch of Array.isArray(v) ? v : []) {
    if (typeof patch !== "string") continue;
    if (patch.startsWith("@")) {
      unmapped.add(where, `patch file ${patch} is not imported; describe what it does in cluster.lab`);
      continue;
    }
    for (const doc of parseAllDocuments(patch).map((d) => d.toJS() as unknown)) {
      if (at(doc, "machine", "systemDiskEncryption") !== undefined || (at(doc, "kind") === "VolumeConfig" && at(doc, "encryption") !== undefined)) out.encrypt = true;
      else if (Array.isArray(at(doc, "machine", "kernel", "modules"))) out.modules.push(...(at(doc, "machine", "kernel", "modules") as unknown[]).map((m) => String(at(m, "name"))));
      else if (at(doc, "kind") === "KernelModuleConfig") out.modules.push(String(at(doc, "name")));
      else unmapped.add(where, "an inline patch that is neither disk encryption nor kernel modules");
    }
  }
  out.modules = [...new Set(out.modules)];
  return out;
}

/** The network `address/prefix` lies in, as CIDR text; an address that does not parse is kept as written, for the checker to report. */
function networkCidr(address: string, prefix: number): string {
  const ip = parseIPv4(address);
  return ip.ok ? `${formatIPv4(networkOf(ip.value, prefix).base)}/${prefix}` : `${address}/${prefix}`;
}

function firstHost(cidr: string): string | undefined {
  const parsed = parseCidr4(cidr);
  return parsed.ok ? formatIPv4(nthHost(networkOf(parsed.value.address, parsed.value.prefix), 1)) : undefined;
}

function mostCommon(xs: readonly number[]): number | undefined {
  const counts = new Map<number, number>();
  for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
}
