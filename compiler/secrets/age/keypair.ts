// Age key pairs: X25519 recipients are derived on node:crypto; generating keys and anything
// post-quantum goes through age-encryption (typage), loaded only then.
import { AgeKeyError } from "../errors.js";
import { parseX25519Identity, x25519Recipient } from "./native-x25519.js";

export interface GenerateIdentityOptions {
  /** Hybrid ML-KEM-768 + X25519 (`AGE-SECRET-KEY-PQ-1…` / `age1pq1…`); needs sops ≥ 3.12 to read. */
  readonly postQuantum?: boolean;
}

/** A new age identity: `AGE-SECRET-KEY-1…` (X25519) unless `postQuantum` is set. */
export async function generateIdentity(options: GenerateIdentityOptions = {}): Promise<string> {
  const age = await import("age-encryption");
  return options.postQuantum ? age.generateHybridIdentity() : age.generateX25519Identity();
}

/** The recipient (`age1…` / `age1pq1…`) of an identity; same result as `age-keygen -y`. */
export async function identityToRecipient(identity: string): Promise<string> {
  const native = parseX25519Identity(identity);
  if (native) return x25519Recipient(native);
  try {
    const age = await import("age-encryption");
    return await age.identityToRecipient(identity.trim());
  } catch {
    throw new AgeKeyError("not a valid age identity (expected AGE-SECRET-KEY-1… or AGE-SECRET-KEY-PQ-1…)");
  }
}
