import type { AppDefinition, EmitContext } from "../types.js";

/** The Flux Operator, which installs and upgrades Flux from a FluxInstance. */
export const fluxOperator: AppDefinition = {
  id: "flux-operator",
  doc: "ControlPlane Flux Operator: manages the Flux installation declared by flux-instance.",
  namespace: "flux-system",
  chart: { kind: "oci", url: "oci://ghcr.io/controlplaneio-fluxcd/charts/flux-operator", version: "0.28.0" },
  params: {},
  // The last step of cluster-template's bootstrap order; Flux itself never waits on cert-manager.
  installAfter: ["cert-manager"],
  bootstrap: true,
  values: () => ({ serviceMonitor: { create: true } }),
  flux: {
    rollback: true,
    kustomization: ({ app }: EmitContext) => ({
      healthChecks: [{ apiVersion: "helm.toolkit.fluxcd.io/v2", kind: "HelmRelease", name: app.name, namespace: app.namespace }],
    }),
  },
};
