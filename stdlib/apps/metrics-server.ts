import type { AppDefinition } from "../types.js";

/** metrics-server for `kubectl top` and HPAs. */
export const metricsServer: AppDefinition = {
  id: "metrics-server",
  doc: "metrics-server: resource metrics for `kubectl top` and autoscalers.",
  namespace: "kube-system",
  chart: { kind: "oci", url: "oci://ghcr.io/home-operations/charts-mirror/metrics-server", version: "3.13.0" },
  params: {},
  installAfter: [],
  bootstrap: false,
  values: () => ({
    args: [
      // Talos kubelets serve self-signed certificates unless the CSR approver is installed.
      "--kubelet-insecure-tls",
      "--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname",
      "--kubelet-use-node-status-port",
      "--metric-resolution=10s",
      "--kubelet-request-timeout=2s",
    ],
    metrics: { enabled: true },
    serviceMonitor: { enabled: true },
  }),
};
