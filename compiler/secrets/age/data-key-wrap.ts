// The data key (or a Shamir share) wrapped for one age recipient and ASCII-armored, as sops'
// age keysource stores it in `sops.age[i].enc`: one age file per recipient. X25519 is done on
// node:crypto (native-x25519.ts); age-encryption is loaded only for other recipient kinds.
import { AgeKeyError } from "../errors.js";
import { unwrapX25519, wrapX25519 } from "./native-x25519.js";

/** Encrypts `dataKey` to a single recipient; the armor ends with a newline like filippo.io/age's. */
export async function wrapDataKey(dataKey: Uint8Array, recipient: string): Promise<string> {
  const native = wrapX25519(dataKey, recipient);
  if (native !== undefined) return native;
  const age = await import("age-encryption");
  const encrypter = new age.Encrypter();
  try {
    encrypter.addRecipient(recipient.trim());
  } catch {
    throw new AgeKeyError(`not a valid age recipient: ${recipient}`);
  }
  return age.armor.encode(await encrypter.encrypt(dataKey));
}

export type UnwrapResult =
  | { readonly ok: true; readonly dataKey: Uint8Array }
  | { readonly ok: false; readonly reason: "no-matching-identity" | "malformed" };

/** Tries every identity on one armored `enc` block. Never throws for a key mismatch. */
export async function unwrapDataKey(enc: string, identities: readonly string[]): Promise<UnwrapResult> {
  if (identities.length === 0) return { ok: false, reason: "no-matching-identity" };
  const native = unwrapX25519(enc, identities);
  if (native.handled) return native.payload ? { ok: true, dataKey: native.payload } : { ok: false, reason: "no-matching-identity" };
  const age = await import("age-encryption");
  let file: Uint8Array;
  try {
    file = age.armor.decode(enc);
  } catch {
    return { ok: false, reason: "malformed" };
  }
  const decrypter = new age.Decrypter();
  for (const identity of identities) {
    try {
      decrypter.addIdentity(identity);
    } catch {
      throw new AgeKeyError("an age identity given for decryption is not valid");
    }
  }
  try {
    return { ok: true, dataKey: await decrypter.decrypt(file) };
  } catch (err) {
    const message = err instanceof Error ? err.message : "";
    return { ok: false, reason: /no identity matched/i.test(message) ? "no-matching-identity" : "malformed" };
  }
}
