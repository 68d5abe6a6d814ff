import { versionFeatures } from "../releases.js";

// What the talhelper patches write depends on the cluster's Talos line; the line's features are
// in compiler/talos/releases.ts, so these are lookups, never version comparisons.

/** JSON6902 patches: Talos refuses them against multi-document configs (from 1.12). */
export function supportsJsonPatches(talosVersion: string): boolean {
  return versionFeatures(talosVersion).jsonPatches;
}

/** Resolver and time settings in ResolverConfig / TimeSyncConfig documents (from 1.12). */
export function usesNetworkDocuments(talosVersion: string): boolean {
  return versionFeatures(talosVersion).multidocNetwork;
}

/** Kubelet, sysctls, files and control-plane components as typed documents (from 1.14). */
export function usesKubernetesDocuments(talosVersion: string): boolean {
  return versionFeatures(talosVersion).multidocKubernetes;
}

/** System disk encryption in the STATE/EPHEMERAL VolumeConfig documents (from 1.11). */
export function usesVolumeEncryption(talosVersion: string): boolean {
  return versionFeatures(talosVersion).volumeEncryption;
}
