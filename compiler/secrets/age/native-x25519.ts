// The X25519 part of the age format (age-encryption.org/v1) on node:crypto. Every labc build
// wraps and unwraps a dozen data keys; done natively this costs microseconds instead of loading
// and warming up a pure-JS curve and cipher stack. Anything else (post-quantum recipients,
// plugins) goes to age-encryption, which callers load only then. Spec: age-encryption.org/v1.
import { createCipheriv, createDecipheriv, createHmac, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, randomBytes, timingSafeEqual, type KeyObject } from "node:crypto";
import { bech32 } from "@scure/base";

const PKCS8_X25519 = Buffer.from("302e020100300506032b656e04220420", "hex");
const SPKI_X25519 = Buffer.from("302a300506032b656e032100", "hex");
const HEADER_VERSION = "age-encryption.org/v1";
const X25519_LABEL = "age-encryption.org/v1/X25519";
const CHUNK = 64 * 1024;
const ARMOR_BEGIN = "-----BEGIN AGE ENCRYPTED FILE-----";
const ARMOR_END = "-----END AGE ENCRYPTED FILE-----";

interface X25519Identity {
  readonly key: KeyObject;
  readonly publicRaw: Buffer;
}

function b64raw(data: Uint8Array): string {
  return Buffer.from(data).toString("base64").replace(/=+$/, "");
}

function fromB64raw(text: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/]*$/.test(text)) return undefined;
  return Buffer.from(text, "base64");
}

/** An `AGE-SECRET-KEY-1…` identity, or undefined for any other kind (left to age-encryption). */
export function parseX25519Identity(identity: string): X25519Identity | undefined {
  const text = identity.trim();
  if (!text.startsWith("AGE-SECRET-KEY-1")) return undefined;
  let words: { prefix: string; words: number[] };
  try {
    words = bech32.decode(text.toLowerCase() as `${string}1${string}`, false);
  } catch {
    return undefined;
  }
  if (words.prefix !== "age-secret-key-") return undefined;
  const scalar = Buffer.from(bech32.fromWords(words.words));
  if (scalar.length !== 32) return undefined;
  const key = createPrivateKey({ key: Buffer.concat([PKCS8_X25519, scalar]), format: "der", type: "pkcs8" });
  const publicRaw = createPublicKey(key).export({ format: "der", type: "spki" }).subarray(SPKI_X25519.length);
  return { key, publicRaw: Buffer.from(publicRaw) };
}

export function x25519Recipient(identity: X25519Identity): string {
  return bech32.encode("age", bech32.toWords(identity.publicRaw), false);
}

function parseRecipient(recipient: string): Buffer | undefined {
  const text = recipient.trim();
  if (!text.startsWith("age1") || text.startsWith("age1pq1")) return undefined;
  try {
    const decoded = bech32.decode(text as `${string}1${string}`, false);
    const raw = Buffer.from(bech32.fromWords(decoded.words));
    return decoded.prefix === "age" && raw.length === 32 ? raw : undefined;
  } catch {
    return undefined;
  }
}

function publicKeyObject(raw: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_X25519, raw]), format: "der", type: "spki" });
}

function hkdf(ikm: Uint8Array, salt: Uint8Array, info: string): Buffer {
  return Buffer.from(hkdfSync("sha256", ikm, salt, info, 32));
}

function seal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array): Buffer {
  const c = createCipheriv("chacha20-poly1305", key, nonce, { authTagLength: 16 });
  return Buffer.concat([c.update(plaintext), c.final(), c.getAuthTag()]);
}

function open(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array): Buffer | undefined {
  if (sealed.length < 16) return undefined;
  const d = createDecipheriv("chacha20-poly1305", key, nonce, { authTagLength: 16 });
  d.setAuthTag(sealed.subarray(sealed.length - 16));
  try {
    return Buffer.concat([d.update(sealed.subarray(0, sealed.length - 16)), d.final()]);
  } catch {
    return undefined;
  }
}

function streamNonce(counter: number, last: boolean): Buffer {
  const nonce = Buffer.alloc(12);
  nonce.writeUIntBE(counter, 5, 6);
  nonce[11] = last ? 1 : 0;
  return nonce;
}

function armor(data: Uint8Array): string {
  const b64 = Buffer.from(data).toString("base64");
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `${ARMOR_BEGIN}\n${lines.join("\n")}\n${ARMOR_END}\n`;
}

function dearmor(text: string): Buffer | undefined {
  const t = text.trim();
  if (!t.startsWith(ARMOR_BEGIN) || !t.endsWith(ARMOR_END)) return undefined;
  const body = t.slice(ARMOR_BEGIN.length, t.length - ARMOR_END.length).replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body)) return undefined;
  return Buffer.from(body, "base64");
}

/** Encrypts `fileKeyPayload` to one X25519 recipient as an armored age file; undefined if not X25519. */
export function wrapX25519(payload: Uint8Array, recipient: string): string | undefined {
  const theirs = parseRecipient(recipient);
  if (!theirs) return undefined;
  const fileKey = randomBytes(16);
  const ephemeral = generateKeyPairSync("x25519");
  const ephemeralRaw = ephemeral.publicKey.export({ format: "der", type: "spki" }).subarray(SPKI_X25519.length);
  const shared = diffieHellman({ privateKey: ephemeral.privateKey, publicKey: publicKeyObject(theirs) });
  const wrapKey = hkdf(shared, Buffer.concat([ephemeralRaw, theirs]), X25519_LABEL);
  const body = seal(wrapKey, Buffer.alloc(12), fileKey);
  const bodyLines = (b64raw(body).match(/.{1,64}/g) ?? [""]).concat(b64raw(body).length % 64 === 0 ? [""] : []);
  const headerNoMac = `${HEADER_VERSION}\n-> X25519 ${b64raw(ephemeralRaw)}\n${bodyLines.join("\n")}\n---`;
  const mac = createHmac("sha256", hkdf(fileKey, Buffer.alloc(0), "header")).update(headerNoMac).digest();
  const nonce = randomBytes(16);
  const payloadKey = hkdf(fileKey, nonce, "payload");
  const chunks: Buffer[] = [];
  const count = Math.max(1, Math.ceil(payload.length / CHUNK));
  for (let i = 0; i < count; i++) {
    chunks.push(seal(payloadKey, streamNonce(i, i === count - 1), payload.subarray(i * CHUNK, (i + 1) * CHUNK)));
  }
  return armor(Buffer.concat([Buffer.from(`${headerNoMac} ${b64raw(mac)}\n`), nonce, ...chunks]));
}

export type NativeUnwrap = { readonly handled: true; readonly payload: Uint8Array | null } | { readonly handled: false };

/**
 * Decrypts an armored age file with X25519 identities. `handled: false` means the file or the
 * identities need what only age-encryption has (other stanza types, other identity kinds);
 * `payload: null` means no identity matched.
 */
export function unwrapX25519(armored: string, identities: readonly string[]): NativeUnwrap {
  const parsed = identities.map(parseX25519Identity);
  const file = dearmor(armored);
  if (!file) return { handled: false };
  const headerEnd = file.indexOf("\n---");
  if (headerEnd < 0) return { handled: false };
  const macLineEnd = file.indexOf("\n", headerEnd + 4);
  if (macLineEnd < 0) return { handled: false };
  const headerNoMac = file.subarray(0, headerEnd + 4).toString("latin1");
  const mac = fromB64raw(file.subarray(headerEnd + 5, macLineEnd).toString("latin1"));
  const lines = headerNoMac.split("\n");
  if (lines[0] !== HEADER_VERSION || !mac) return { handled: false };
  const stanzas: { type: string; args: string[]; body: Buffer }[] = [];
  for (let i = 1; i < lines.length - 1; ) {
    const head = lines[i]!.split(" ");
    if (head[0] !== "->" || head.length < 2) return { handled: false };
    const bodyParts: string[] = [];
    for (i++; i < lines.length - 1; i++) {
      bodyParts.push(lines[i]!);
      if (lines[i]!.length < 64) {
        i++;
        break;
      }
    }
    const body = fromB64raw(bodyParts.join(""));
    if (!body) return { handled: false };
    stanzas.push({ type: head[1]!, args: head.slice(2), body });
  }
  let fileKey: Buffer | undefined;
  for (const stanza of stanzas.filter((s) => s.type === "X25519" && s.args.length === 1)) {
    const share = fromB64raw(stanza.args[0]!);
    if (!share || share.length !== 32 || stanza.body.length !== 32) return { handled: false };
    for (const id of parsed) {
      if (!id) continue;
      const shared = diffieHellman({ privateKey: id.key, publicKey: publicKeyObject(share) });
      const key = open(hkdf(shared, Buffer.concat([share, id.publicRaw]), X25519_LABEL), Buffer.alloc(12), stanza.body);
      if (key) {
        fileKey = key;
        break;
      }
    }
    if (fileKey) break;
  }
  if (!fileKey) {
    // Another stanza or identity kind may still open it: that is age-encryption's job.
    const onlyOurs = stanzas.every((s) => s.type === "X25519") && parsed.every((p) => p !== undefined);
    return onlyOurs ? { handled: true, payload: null } : { handled: false };
  }
  const expected = createHmac("sha256", hkdf(fileKey, Buffer.alloc(0), "header")).update(headerNoMac).digest();
  if (expected.length !== mac.length || !timingSafeEqual(expected, mac)) return { handled: true, payload: null };
  const rest = file.subarray(macLineEnd + 1);
  if (rest.length < 16) return { handled: true, payload: null };
  const payloadKey = hkdf(fileKey, rest.subarray(0, 16), "payload");
  const sealed = rest.subarray(16);
  const out: Buffer[] = [];
  for (let i = 0, off = 0; off < sealed.length || i === 0; i++, off += CHUNK + 16) {
    const chunk = sealed.subarray(off, off + CHUNK + 16);
    const last = off + CHUNK + 16 >= sealed.length;
    const plain = open(payloadKey, streamNonce(i, last), chunk);
    if (!plain) return { handled: true, payload: null };
    out.push(plain);
  }
  // A plain Uint8Array, like age-encryption returns (callers compare with deepEqual).
  const joined = Buffer.concat(out);
  return { handled: true, payload: new Uint8Array(joined.buffer, joined.byteOffset, joined.length).slice() };
}
