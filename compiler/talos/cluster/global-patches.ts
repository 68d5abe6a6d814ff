import type { ClusterModel } from "../../model/model.js";
import { renderedOnRead, type PatchFile } from "./patch-files.js";
import { nodeCidrs } from "./node-cidrs.js";
import { usesKubernetesDocuments, usesNetworkDocuments } from "./talos-version.js";
import { Pair, Scalar, YAMLMap } from "yaml";
import { documentOf, literal, octal, print, printAll, quoted } from "./yaml-nodes.js";

/**
 * talos/patches/global/: every node. cluster-template 2025.9.0's contents, in the form the
 * cluster's Talos line reads: v1alpha1 fields up to 1.13, typed documents from 1.14 on (the
 * rewrite of cluster-template PR #2372).
 */
export function globalPatches(cluster: ClusterModel): PatchFile[] {
  const v = cluster.talosVersion;
  const documents = usesKubernetesDocuments(v);
  const files: PatchFile[] = [
    renderedOnRead(
      { layer: "global", name: "machine-files.yaml", purpose: "containerd CRI drop-in: keep unpacked image layers (Spegel serves them to peers) and derive device ownership from the pod security context" },
      () => documents ? print(documentOf(doc("CRICustomizationConfig", { name: "20-customization", content: criDropIn() }))) : print(documentOf(machineFiles())),
    ),
    renderedOnRead(
      { layer: "global", name: "machine-kubelet.yaml", purpose: "kubelet: parallel image pulls; the node IP is picked from the node network" },
      () => documents ? printAll(kubeletDocuments(cluster).map((d) => documentOf(d))) : print(documentOf(kubeletPatch(cluster))),
    ),
    renderedOnRead(
      { layer: "global", name: "machine-network.yaml", purpose: "upstream DNS servers; no search domain, so cluster lookups never leak to the LAN resolver" },
      () => print(documentOf(resolverPatch(cluster))),
    ),
    renderedOnRead(
      { layer: "global", name: "machine-sysctls.yaml", purpose: "kernel settings: inotify limits, UDP buffers for QUIC, ARP cache size, user namespaces" },
      () => print(documentOf(documents ? doc("SysctlConfig", { params: sysctls() }) : { machine: { sysctls: sysctls() } })),
    ),
    renderedOnRead(
      { layer: "global", name: "machine-time.yaml", purpose: "NTP servers" },
      () => print(documentOf(timePatch(cluster))),
    ),
  ];
  if (documents) files.push(securityProfile());
  return files;
}

function doc(kind: string, body: Record<string, unknown>): Record<string, unknown> {
  return { apiVersion: "v1alpha1", kind, ...body };
}

function criDropIn(): ReturnType<typeof literal> {
  return literal(
    [
      '[plugins."io.containerd.cri.v1.images"]',
      "  discard_unpacked_layers = false",
      '[plugins."io.containerd.cri.v1.runtime"]',
      "  device_ownership_from_security_context = true",
      // A text file ends in a newline, as cluster-template writes it (`|`, not `|-`).
      "",
    ].join("\n"),
  );
}

function machineFiles(): unknown {
  return { machine: { files: [{ op: "create", path: "/etc/cri/conf.d/20-customization.part", permissions: octal(0o644), content: criDropIn() }] } };
}

function kubeletPatch(cluster: ClusterModel): unknown {
  return { machine: { kubelet: { extraConfig: { serializeImagePulls: false }, nodeIP: { validSubnets: nodeCidrs(cluster.nodes) } } } };
}

/** 1.14: kubelet settings in KubeletConfig, the node-IP choice in KubeNodeConfig. */
function kubeletDocuments(cluster: ClusterModel): unknown[] {
  return [doc("KubeletConfig", { config: { serializeImagePulls: false } }), doc("KubeNodeConfig", { nodeIP: { validSubnets: nodeCidrs(cluster.nodes) } })];
}

function resolverPatch(cluster: ClusterModel): unknown {
  const nameservers = cluster.network.nameservers;
  if (usesNetworkDocuments(cluster.talosVersion)) {
    return doc("ResolverConfig", { nameservers: nameservers.map((address) => ({ address })), searchDomains: { disableDefault: true } });
  }
  return { machine: { network: { disableSearchDomain: true, nameservers: [...nameservers] } } };
}

function timePatch(cluster: ClusterModel): unknown {
  const servers = [...cluster.network.ntpServers];
  if (usesNetworkDocuments(cluster.talosVersion)) return doc("TimeSyncConfig", { enabled: true, ntp: { servers } });
  return { machine: { time: { disabled: false, servers } } };
}

/** Grouped under a comment line per reason (yamllint wants two spaces before a trailing comment). */
function sysctls(): YAMLMap {
  // Values are strings because Talos types sysctls as map[string]string.
  const entries: readonly [string, string, string][] = [
    ["fs.inotify.max_user_watches", "1048576", "Watchdog"],
    ["fs.inotify.max_user_instances", "8192", "Watchdog"],
    ["net.core.rmem_max", "7500000", "Cloudflared | QUIC"],
    ["net.core.wmem_max", "7500000", "Cloudflared | QUIC"],
    ["net.ipv4.neigh.default.gc_thresh1", "4096", "Prevent ARP cache overflows"],
    ["net.ipv4.neigh.default.gc_thresh2", "8192", "Prevent ARP cache overflows"],
    ["net.ipv4.neigh.default.gc_thresh3", "16384", "Prevent ARP cache overflows"],
    ["user.max_user_namespaces", "11255", "User Namespaces"],
  ];
  const map = new YAMLMap();
  let previous: string | undefined;
  for (const [key, value, why] of entries) {
    const name = new Scalar(key);
    if (why !== previous) name.commentBefore = ` ${why}`;
    previous = why;
    map.items.push(new Pair(name, quoted(value)));
  }
  return map;
}

/**
 * Talos 1.14's generator turns workload isolation on (containerd, kubelet and pods in a sandbox
 * namespace). That breaks hostPID and host-mount workloads (node-exporter, GPU plugins, in-tree
 * iSCSI), so cluster-template switches it off; a user patch can switch it back on.
 */
function securityProfile(): PatchFile {
  return renderedOnRead(
    { layer: "global", name: "machine-security.yaml", purpose: "workload isolation off (Talos 1.14 turns it on; it breaks hostPID and host-mount workloads such as node-exporter)" },
    () => print(documentOf(doc("SecurityProfileConfig", { workloadIsolation: false }))),
  );
}
