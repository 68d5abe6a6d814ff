// Age key pairs through age-encryption (typage), the same implementation that wraps data keys.
import * as age from "age-encryption";
import { AgeKeyError } from "../errors.js";

export interface GenerateIdentityOptions {
  /** Hybrid ML-KEM-768 + X25519 (`AGE-SECRET-KEY-PQ-1…` / `age1pq1…`); needs sops ≥ 3.12 to read. */
  readonly postQuantum?: boolean;
}

/** A new age identity: `AGE-SECRET-KEY-1…` (X25519) unless `postQuantum` is set. */
export async function generateIdentity(options: GenerateIdentityOptions = {}): Promise<string> {
  return options.postQuantum ? age.generateHybridIdentity() : age.generateX25519Identity();
}

/** The recipient (`age1…` / `age1pq1…`) of an identity; same result as `age-keygen -y`. */
export async function identityToRecipient(identity: string): Promise<string> {
  try {
    return await age.identityToRecipient(identity.trim());
  } catch {
    throw new AgeKeyError("not a valid age identity (expected AGE-SECRET-KEY-1… or AGE-SECRET-KEY-PQ-1…)");
  }
}
