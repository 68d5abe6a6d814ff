// SSH keys as OpenSSH writes them. `ssh-keygen -t ed25519` output is what Flux's `identity`,
// GitHub and every ssh client accept, so generated keys use that format; the public half is
// derived from whatever private key the user brought (OpenSSH, or PKCS#8 PEM for ed25519).
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from "node:crypto";

const AUTH_MAGIC = "openssh-key-v1\0";
const ED25519 = "ssh-ed25519";

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}

/** SSH wire-format `string`: a 4-byte length, then the bytes. */
function sshString(data: Buffer | string): Buffer {
  const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
  return Buffer.concat([u32(bytes.length), bytes]);
}

function ed25519PublicBlob(publicKey: Buffer): Buffer {
  return Buffer.concat([sshString(ED25519), sshString(publicKey)]);
}

function wrap(base64: string, width: number): string {
  const lines: string[] = [];
  for (let i = 0; i < base64.length; i += width) lines.push(base64.slice(i, i + width));
  return lines.join("\n");
}

/**
 * A new unencrypted ed25519 key in the OpenSSH private key format (PROTOCOL.key), byte for byte
 * what `ssh-keygen -t ed25519 -N ""` writes: check integers, key, comment, 1,2,3… padding to 8
 * bytes, base64 at 70 columns.
 */
export function generateOpenSshEd25519(comment: string): string {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const seed = Buffer.from(privateKey.export({ format: "jwk" }).d!, "base64url");
  const pub = Buffer.from(publicKey.export({ format: "jwk" }).x!, "base64url");
  const check = randomBytes(4);
  let secret = Buffer.concat([check, check, sshString(ED25519), sshString(pub), sshString(Buffer.concat([seed, pub])), sshString(comment)]);
  const padding: number[] = [];
  for (let i = 1; (secret.length + padding.length) % 8 !== 0; i++) padding.push(i);
  secret = Buffer.concat([secret, Buffer.from(padding)]);
  const body = Buffer.concat([
    Buffer.from(AUTH_MAGIC, "latin1"),
    sshString("none"),
    sshString("none"),
    sshString(""),
    u32(1),
    sshString(ed25519PublicBlob(pub)),
    sshString(secret),
  ]);
  return `-----BEGIN OPENSSH PRIVATE KEY-----\n${wrap(body.toString("base64"), 70)}\n-----END OPENSSH PRIVATE KEY-----\n`;
}

function readString(buf: Buffer, at: number): { value: Buffer; next: number } {
  if (at + 4 > buf.length) throw new Error("truncated");
  const len = buf.readUInt32BE(at);
  if (at + 4 + len > buf.length) throw new Error("truncated");
  return { value: buf.subarray(at + 4, at + 4 + len), next: at + 4 + len };
}

/** The public key blob stored in clear at the top of an OpenSSH private key file (any key type). */
function openSshPublicBlob(text: string): Buffer | undefined {
  const m = /-----BEGIN OPENSSH PRIVATE KEY-----([\s\S]*?)-----END OPENSSH PRIVATE KEY-----/.exec(text);
  if (!m) return undefined;
  const body = Buffer.from(m[1]!.replace(/\s+/g, ""), "base64");
  if (body.subarray(0, AUTH_MAGIC.length).toString("latin1") !== AUTH_MAGIC) return undefined;
  try {
    let at = AUTH_MAGIC.length;
    for (let i = 0; i < 3; i++) at = readString(body, at).next; // cipher, kdf, kdf options
    if (body.readUInt32BE(at) < 1) return undefined;
    return readString(body, at + 4).value;
  } catch {
    return undefined;
  }
}

/** An ed25519 key in PKCS#8 PEM (what labc's generate(ssh-ed25519) wrote before OpenSSH format). */
function pkcs8PublicBlob(text: string): Buffer | undefined {
  if (!text.includes("-----BEGIN PRIVATE KEY-----")) return undefined;
  try {
    const key = createPublicKey(createPrivateKey(text));
    if (key.asymmetricKeyType !== "ed25519") return undefined;
    return ed25519PublicBlob(Buffer.from(key.export({ format: "jwk" }).x!, "base64url"));
  } catch {
    return undefined;
  }
}

/**
 * The `authorized_keys` line (`ssh-ed25519 AAAA… comment`) of a private key, or undefined when
 * the text is not a private key labc can read. Never echoes any part of the private key.
 */
export function sshPublicKey(privateKey: string, comment?: string): string | undefined {
  const blob = openSshPublicBlob(privateKey) ?? pkcs8PublicBlob(privateKey);
  if (!blob) return undefined;
  let type: string;
  try {
    type = readString(blob, 0).value.toString("latin1");
  } catch {
    return undefined;
  }
  if (!/^[a-z0-9@.-]+$/.test(type)) return undefined;
  return `${type} ${blob.toString("base64")}${comment ? ` ${comment}` : ""}`;
}

/** True for text that looks like a private key of any kind (for `get NAME.pub`'s error message). */
export function looksLikePrivateKey(text: string): boolean {
  return /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text);
}
