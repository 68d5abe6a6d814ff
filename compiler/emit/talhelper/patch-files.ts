import type { ClusterModel, NodeModel } from "../../model/model.js";
import { supportsJsonPatches, usesNetworkDocuments } from "./talos-version.js";
import { isMap } from "yaml";
import { commentKey, documentOf, literal, octal, print, quoted, withLineComment } from "./yaml-nodes.js";

/**
 * The Talos patch files under talos/patches/, with cluster-template 2025.9.0's contents.
 * talconfig.yaml references them as `@./patches/<layer>/<name>`; the layer decides which
 * nodes talhelper applies them to.
 */

export type PatchLayer = "global" | "controller" | "worker";

export interface PatchFile {
  readonly layer: PatchLayer;
  /** File name inside talos/patches/<layer>/. */
  readonly name: string;
  /** One line for talos/patches/README.md. */
  readonly purpose: string;
  readonly content: string;
}

/** Every patch file for this cluster, sorted by layer then name (talhelper applies them in list order). */
export function patchFiles(cluster: ClusterModel): readonly PatchFile[] {
  const files = [...globalPatches(cluster), ...controllerPatches(cluster), ...workerPatches(cluster)];
  const layerOrder: readonly PatchLayer[] = ["global", "controller", "worker"];
  return files.sort((a, b) => layerOrder.indexOf(a.layer) - layerOrder.indexOf(b.layer) || compare(a.name, b.name));
}

export function patchesIn(files: readonly PatchFile[], layer: PatchLayer): readonly PatchFile[] {
  return files.filter((f) => f.layer === layer);
}

function globalPatches(cluster: ClusterModel): PatchFile[] {
  return [
    {
      layer: "global",
      name: "machine-files.yaml",
      purpose: "containerd CRI drop-in: keep unpacked image layers (Spegel serves them to peers) and derive device ownership from the pod security context",
      content: print(
        documentOf({
          machine: {
            files: [
              {
                op: "create",
                path: "/etc/cri/conf.d/20-customization.part",
                permissions: octal(0o644),
                content: literal(
                  [
                    '[plugins."io.containerd.cri.v1.images"]',
                    "  discard_unpacked_layers = false",
                    '[plugins."io.containerd.cri.v1.runtime"]',
                    "  device_ownership_from_security_context = true",
                  ].join("\n"),
                ),
              },
            ],
          },
        }),
      ),
    },
    {
      layer: "global",
      name: "machine-kubelet.yaml",
      purpose: "kubelet: parallel image pulls; the node IP is picked from the node network",
      content: print(
        documentOf({
          machine: {
            kubelet: {
              extraConfig: { serializeImagePulls: false },
              nodeIP: { validSubnets: nodeCidrs(cluster.nodes) },
            },
          },
        }),
      ),
    },
    {
      layer: "global",
      name: "machine-network.yaml",
      purpose: "upstream DNS servers; no search domain, so cluster lookups never leak to the LAN resolver",
      content: print(documentOf(resolverPatch(cluster))),
    },
    {
      layer: "global",
      name: "machine-sysctls.yaml",
      purpose: "kernel settings: inotify limits, UDP buffers for QUIC, ARP cache size, user namespaces",
      content: print(documentOf({ machine: { sysctls: sysctls() } })),
    },
    {
      layer: "global",
      name: "machine-time.yaml",
      purpose: "NTP servers",
      content: print(documentOf(timePatch(cluster))),
    },
  ];
}

function resolverPatch(cluster: ClusterModel): unknown {
  const nameservers = cluster.network.nameservers;
  if (usesNetworkDocuments(cluster.talosVersion)) {
    return {
      apiVersion: "v1alpha1",
      kind: "ResolverConfig",
      nameservers: nameservers.map((address) => ({ address })),
      searchDomains: { disableDefault: true },
    };
  }
  return { machine: { network: { disableSearchDomain: true, nameservers: [...nameservers] } } };
}

function timePatch(cluster: ClusterModel): unknown {
  const servers = [...cluster.network.ntpServers];
  if (usesNetworkDocuments(cluster.talosVersion)) {
    return { apiVersion: "v1alpha1", kind: "TimeSyncConfig", enabled: true, ntp: { servers } };
  }
  return { machine: { time: { disabled: false, servers } } };
}

function sysctls(): Record<string, unknown> {
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
  return Object.fromEntries(entries.map(([key, value, why]) => [key, withLineComment(quoted(value), why)]));
}

function controllerPatches(cluster: ClusterModel): PatchFile[] {
  return [
    admissionControllerPatch(cluster.talosVersion),
    {
      layer: "controller",
      name: "cluster.yaml",
      purpose: "control plane: schedulable controllers, metrics endpoints on all interfaces, Talos CoreDNS and kube-proxy off (CoreDNS and Cilium are installed as apps)",
      content: controllerClusterPatch(cluster),
    },
  ];
}

function controllerClusterPatch(cluster: ClusterModel): string {
  const controllers = cluster.nodes.filter((n) => n.role === "controlplane");
  const doc = documentOf({
    cluster: {
      allowSchedulingOnControlPlanes: true,
      apiServer: {
        extraArgs: {
          // Quoted: Talos types extraArgs as map[string]string.
          "enable-aggregator-routing": quoted("true"),
        },
      },
      controllerManager: { extraArgs: { "bind-address": "0.0.0.0" } },
      coreDNS: { disabled: true },
      etcd: {
        extraArgs: { "listen-metrics-urls": "http://0.0.0.0:2381" },
        advertisedSubnets: nodeCidrs(controllers),
      },
      proxy: { disabled: true },
      scheduler: { extraArgs: { "bind-address": "0.0.0.0" } },
    },
  });
  const apiServerArgs = doc.getIn(["cluster", "apiServer", "extraArgs"], true);
  if (!isMap(apiServerArgs)) throw new Error("cluster patch: apiServer.extraArgs is not a map");
  commentKey(apiServerArgs, "enable-aggregator-routing", "https://kubernetes.io/docs/tasks/extend-kubernetes/configure-aggregation-layer/");
  return print(doc);
}

function admissionControllerPatch(talosVersion: string): PatchFile {
  const purpose = "drop the default PodSecurity admission configuration, as cluster-template does";
  if (supportsJsonPatches(talosVersion)) {
    return {
      layer: "controller",
      name: "admission-controller-patch.yaml",
      purpose,
      content: print(documentOf([{ op: "remove", path: "/cluster/apiServer/admissionControl" }])),
    };
  }
  // `$$` because talhelper runs envsubst over patch files; it unescapes to Talos' `$patch: delete`.
  return {
    layer: "controller",
    name: "admission-controller-patch.yaml",
    purpose,
    content: print(documentOf({ cluster: { apiServer: { admissionControl: { $$patch: "delete" } } } })),
  };
}

/** cluster-template ships no worker patches; the layer exists so talconfig.yaml can reference them when one is added. */
function workerPatches(_cluster: ClusterModel): PatchFile[] {
  return [];
}

/** The distinct networks of these nodes, in node order. */
function nodeCidrs(nodes: readonly NodeModel[]): string[] {
  return [...new Set(nodes.map((n) => n.network.cidr.text))];
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
