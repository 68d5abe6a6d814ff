/**
 * What emitters produce. Paths are relative to the output root and use `/`.
 * A `SecretOutput` carries plaintext in memory only; the build encrypts it with SOPS before
 * anything is written, and no other output kind may contain a declared secret's value.
 */
export interface TextOutput {
  readonly kind: "text";
  readonly path: string;
  readonly content: string;
  /** File mode; defaults to 0o644. */
  readonly mode?: number;
}

/** Which `.sops.yaml` creation rule applies: values under data/stringData, or the whole file. */
export type SecretEncryption = "kubernetes" | "whole-file";

export interface SecretOutput {
  readonly kind: "secret";
  /** Always ends in `.sops.yaml`. */
  readonly path: string;
  /** The plaintext document tree (a Kubernetes Secret, or the Talos secrets bundle). */
  readonly tree: unknown;
  readonly encryption: SecretEncryption;
}

export type OutputFile = TextOutput | SecretOutput;

/** Reads secret plaintext during emit. Throws a SecretUnavailableError naming the secret and its source. */
export interface SecretValues {
  get(name: string): string;
}
