import type { AppDefinition } from "../types.js";

/** Spegel: peer-to-peer image mirror between nodes; pointless on a single node. */
export const spegel: AppDefinition = {
  id: "spegel",
  doc: "Spegel, a stateless peer-to-peer OCI registry mirror between the nodes.",
  namespace: "kube-system",
  chart: { kind: "oci", url: "oci://ghcr.io/spegel-org/helm-charts/spegel", version: "0.3.0" },
  params: {},
  // Its mirror pods resolve registries by name.
  installAfter: ["coredns"],
  bootstrap: true,
  minNodes: 2,
  values: () => ({
    spegel: {
      containerdSock: "/run/containerd/containerd.sock",
      // Talos reads registry mirrors from here (the machine-files patch keeps unpacked layers).
      containerdRegistryConfigPath: "/etc/cri/conf.d/hosts",
    },
    service: { registry: { hostPort: 29999 } },
    serviceMonitor: { enabled: true },
    grafanaDashboard: { enabled: true },
  }),
};
