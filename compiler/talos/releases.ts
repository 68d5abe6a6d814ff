/**
 * The Talos release lines labc generates, and what each line changes. Everything else that
 * depends on the line (the checker, the machine-config generator, the schema validation, the
 * talhelper emitter) asks this table, so adding a line means adding a row here and its data
 * (the JSON schema under schema/json/ and its entry in schema/validate-documents.ts).
 *
 * The contract, not the Talos binary version, decides the config layout: a 1.13 contract stays
 * valid on later Talos releases, so an existing cluster keeps the contract it was created with.
 */
export const TALOS_RELEASES = [
  // Kubernetes ranges from siderolabs/talos pkg/machinery/compatibility/talos1XX
  // (MinimumKubernetesVersion, MaximumKubernetesVersion): talosctl refuses a pair outside them.
  { line: "1.10", kubernetes: [28, 33], schemaFile: "config.schema.v1.10.9.json" },
  { line: "1.11", kubernetes: [29, 34], schemaFile: "config.schema.v1.11.6.json" },
  { line: "1.12", kubernetes: [30, 35], schemaFile: "config.schema.v1.12.11.json" },
  { line: "1.13", kubernetes: [31, 36], schemaFile: "config.schema.v1.13.9.json" },
  { line: "1.14", kubernetes: [32, 37], schemaFile: "config.schema.json" },
] as const;

export type TalosContract = (typeof TALOS_RELEASES)[number]["line"];

/** The release lines, oldest first. */
export const TALOS_CONTRACTS: readonly TalosContract[] = TALOS_RELEASES.map((r) => r.line);

/**
 * When a feature arrived (`since`) or went away (`until`, the last line that has it). A line
 * newer than the table knows inherits the newest layout, never the legacy one.
 */
const FEATURE_LINES = {
  /** features.rbac / stableHostname / apidCheckExtKeyUsage and apiServer.disablePodSecurityPolicy. */
  legacyFeatureFlags: { until: 11 },
  /** The endpoint host is prepended to the API server SANs. */
  endpointInApiServerSans: { until: 11 },
  /** `machine.network: {}` is still written. */
  emptyMachineNetwork: { until: 12 },
  /** install.grubUseUKICmdline: true. */
  grubUseUkiCmdline: { since: 12 },
  /**
   * Registry mirrors, hostname, network, resolver and time settings live in their own documents
   * (ResolverConfig, TimeSyncConfig, …); the old v1alpha1 fields are only tolerated.
   */
  multidocNetwork: { since: 12 },
  /**
   * Kubernetes, discovery, install and most machine settings moved to typed documents
   * (KubeletConfig, SysctlConfig, KubeAPIServerConfig, …); v1alpha1 keeps machine identity,
   * certSANs, features and etcd, and the schema rejects the old fields.
   */
  multidocKubernetes: { since: 14 },
  /**
   * machine.systemDiskEncryption was replaced by the `encryption` of the STATE and EPHEMERAL
   * VolumeConfig documents; the old field is gone from the schemas.
   */
  volumeEncryption: { since: 11 },
  /** Talos refuses JSON6902 patches against a multi-document config; strategic merge works on every line. */
  jsonPatches: { until: 11 },
  /**
   * talhelper v3.1.16, the newest release labc's output is checked against, pins Talos machinery
   * v1.14.0-alpha.2, which predates the final 1.14 document kinds the 1.14 patches are made of:
   * `talhelper genconfig` stops at the first one ("not registered"). `labc talos config` is unaffected.
   */
  talhelperGenconfig: { until: 13 },
} as const satisfies Record<string, { since: number } | { until: number }>;

export type ReleaseFeature = keyof typeof FEATURE_LINES;
export type ReleaseFeatures = { readonly [F in ReleaseFeature]: boolean };

/** Document kinds of the 1.14 patches that talhelper v3.1.16's Talos machinery does not know. */
export const TALHELPER_UNKNOWN_KINDS = ["KubeletConfig", "KubeNodeConfig", "KubeCoreDNSConfig", "CRICustomizationConfig", "SecurityProfileConfig"] as const;

export interface ReleaseVersion {
  readonly major: number;
  readonly minor: number;
  /** Absent in a bare line such as `1.13`. */
  readonly patch?: number;
  /** `1.13` */
  readonly line: string;
}

/** The one version parser: `v1.13.9`, `1.13`, `v1.14.0-rc.1`; undefined for anything else. */
export function parseVersion(version: string): ReleaseVersion | undefined {
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?(?:-[0-9A-Za-z.-]+)?$/.exec(version.trim());
  if (!match) return undefined;
  const major = Number(match[1]);
  const minor = Number(match[2]);
  return { major, minor, line: `${major}.${minor}`, ...(match[3] !== undefined ? { patch: Number(match[3]) } : {}) };
}

export function isTalosContract(value: string): value is TalosContract {
  return (TALOS_CONTRACTS as readonly string[]).includes(value);
}

export type ContractResult = { readonly ok: true; readonly contract: TalosContract } | { readonly ok: false; readonly error: string };

/** `v1.13.9`, `1.13`, `v1.14.0-rc.1` → contract; a line outside the table is an error, not a guess. */
export function contractFromTalosVersion(version: string): ContractResult {
  const parsed = parseVersion(version);
  if (!parsed) return { ok: false, error: `"${version}" is not a Talos version (expected e.g. v1.13.9)` };
  if (!isTalosContract(parsed.line)) {
    return { ok: false, error: `Talos ${parsed.line} is not supported (supported contracts: ${TALOS_CONTRACTS.join(", ")})` };
  }
  return { ok: true, contract: parsed.line };
}

export function releaseOf(contract: TalosContract): (typeof TALOS_RELEASES)[number] {
  return TALOS_RELEASES.find((r) => r.line === contract)!;
}

/**
 * The features of a Talos line, by its number: every line of the table, and a newer one that
 * does not exist yet, which gets the newest layout.
 */
export function featuresOfLine(line: { readonly major: number; readonly minor: number }): ReleaseFeatures {
  if (line.major !== 1) throw new Error(`Talos ${line.major}.${line.minor} has no known feature set`);
  const features = {} as Record<ReleaseFeature, boolean>;
  for (const [name, when] of Object.entries(FEATURE_LINES) as [ReleaseFeature, { since?: number; until?: number }][]) {
    features[name] = when.since !== undefined ? line.minor >= when.since : line.minor <= when.until!;
  }
  return features;
}

export function contractFeatures(contract: TalosContract): ReleaseFeatures {
  return featuresOfLine(parseVersion(contract)!);
}

/** The features of the line a full Talos version (`v1.12.3`) belongs to; the checker has vouched for its shape. */
export function versionFeatures(version: string): ReleaseFeatures {
  const parsed = parseVersion(version);
  if (!parsed) throw new Error(`not a Talos version: ${version}`);
  return featuresOfLine(parsed);
}
