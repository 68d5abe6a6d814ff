/** `v1.10.7` → `[1, 10]`. The checker guarantees the shape; anything else is a programming error. */
export function talosMinor(version: string): readonly [number, number] {
  const match = /^v?(\d+)\.(\d+)/.exec(version);
  if (!match) throw new Error(`not a Talos version: ${version}`);
  return [Number(match[1]), Number(match[2])];
}

/**
 * From Talos 1.12 talhelper renders multi-document machine configs, and Talos refuses JSON6902
 * patches against those; strategic-merge patches work on every version.
 */
export function supportsJsonPatches(talosVersion: string): boolean {
  return !atLeast(talosVersion, 1, 12);
}

/**
 * Talos 1.12 moved resolver and time settings out of `machine.network` / `machine.time` into
 * their own ResolverConfig and TimeSyncConfig documents; the old fields are only tolerated.
 */
export function usesNetworkDocuments(talosVersion: string): boolean {
  return atLeast(talosVersion, 1, 12);
}

function atLeast(version: string, major: number, minor: number): boolean {
  const [hasMajor, hasMinor] = talosMinor(version);
  return hasMajor > major || (hasMajor === major && hasMinor >= minor);
}

/**
 * Talos 1.14 keeps only machine identity, certSANs, features and etcd in the v1alpha1 document:
 * kubelet, sysctls, files and the control-plane components are typed documents (KubeletConfig,
 * SysctlConfig, CRICustomizationConfig, KubeAPIServerConfig, …), and its schema rejects the old fields.
 */
export function usesKubernetesDocuments(talosVersion: string): boolean {
  return atLeast(talosVersion, 1, 14);
}

/**
 * Talos 1.11 replaced machine.systemDiskEncryption with the `encryption` of the STATE and
 * EPHEMERAL VolumeConfig documents; the old field is gone from the 1.11+ schemas.
 */
export function usesVolumeEncryption(talosVersion: string): boolean {
  return atLeast(talosVersion, 1, 11);
}
