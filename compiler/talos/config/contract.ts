/**
 * Talos version contracts labc can generate. The contract, not the Talos binary version, decides
 * the config layout: a 1.13 contract stays valid on later Talos releases, so an existing
 * cluster keeps the contract it was created with.
 */
export const TALOS_CONTRACTS = ["1.10", "1.11", "1.12", "1.13", "1.14"] as const;

export type TalosContract = (typeof TALOS_CONTRACTS)[number];

export type ContractResult = { readonly ok: true; readonly contract: TalosContract } | { readonly ok: false; readonly error: string };

export function isTalosContract(value: string): value is TalosContract {
  return (TALOS_CONTRACTS as readonly string[]).includes(value);
}

/** `v1.13.9`, `1.13`, `v1.14.0-rc.1` → contract; anything outside 1.10–1.14 is an error, not a guess. */
export function contractFromTalosVersion(version: string): ContractResult {
  const match = /^v?(\d+)\.(\d+)(?:\.\d+)?(?:-[0-9A-Za-z.-]+)?$/.exec(version.trim());
  if (!match) return { ok: false, error: `"${version}" is not a Talos version (expected e.g. v1.13.9)` };
  const contract = `${Number(match[1])}.${Number(match[2])}`;
  if (!isTalosContract(contract)) {
    return { ok: false, error: `Talos ${contract} is not supported (supported contracts: ${TALOS_CONTRACTS.join(", ")})` };
  }
  return { ok: true, contract };
}

function minor(contract: TalosContract): number {
  return Number(contract.split(".")[1]);
}

/** The switches of pkg/machinery/config/contract.go that change what 1.10–1.14 emit. */
export interface ContractFeatures {
  /** features.rbac / stableHostname / apidCheckExtKeyUsage and apiServer.disablePodSecurityPolicy (≤1.11). */
  readonly legacyFeatureFlags: boolean;
  /** The endpoint host is prepended to the API server SANs (≤1.11). */
  readonly endpointInApiServerSans: boolean;
  /** `machine.network: {}` is still written (≤1.12). */
  readonly emptyMachineNetwork: boolean;
  /** install.grubUseUKICmdline: true (≥1.12). */
  readonly grubUseUkiCmdline: boolean;
  /** Registry mirrors, hostname and network live in their own documents (≥1.12). */
  readonly multidocNetwork: boolean;
  /** Kubernetes, discovery, install and most machine settings moved to documents (≥1.14). */
  readonly multidocKubernetes: boolean;
}

export function contractFeatures(contract: TalosContract): ContractFeatures {
  const m = minor(contract);
  return {
    legacyFeatureFlags: m <= 11,
    endpointInApiServerSans: m <= 11,
    emptyMachineNetwork: m <= 12,
    grubUseUkiCmdline: m >= 12,
    multidocNetwork: m >= 12,
    multidocKubernetes: m >= 14,
  };
}
