/** The Flux APIs labc's generated tree uses (cluster-template era A). */
export const KUSTOMIZATION = { apiVersion: "kustomize.toolkit.fluxcd.io/v1", kind: "Kustomization" } as const;
export const HELM_RELEASE = { apiVersion: "helm.toolkit.fluxcd.io/v2", kind: "HelmRelease" } as const;
