import type { AppDefinition } from "../types.js";

/** Reloader: rolls workloads when a referenced ConfigMap or Secret changes. */
export const reloader: AppDefinition = {
  id: "reloader",
  doc: "Stakater Reloader: restarts workloads whose ConfigMaps or Secrets changed.",
  namespace: "kube-system",
  chart: { kind: "oci", url: "oci://ghcr.io/stakater/charts/reloader", version: "2.2.2" },
  params: {},
  installAfter: [],
  bootstrap: false,
  values: () => ({
    fullnameOverride: "reloader",
    reloader: {
      readOnlyRootFileSystem: true,
      // A Helm template string, rendered by the chart: passes through Flux untouched.
      podMonitor: { enabled: true, namespace: "{{ .Release.Namespace }}" },
    },
  }),
};
