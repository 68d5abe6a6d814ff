import { KeyObject, randomBytes } from "node:crypto";

/** Go's pem.EncodeToMemory: 64-column base64 body, trailing newline. */
export function encodePem(label: string, der: Uint8Array): string {
  const body = Buffer.from(der).toString("base64").replace(/.{64}/g, "$&\n").replace(/\n$/, "");
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}

export function decodePem(pem: string): { readonly label: string; readonly der: Buffer } {
  const match = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/.exec(pem);
  if (!match) throw new Error("not a PEM block");
  return { label: match[1] as string, der: Buffer.from((match[2] as string).replace(/\s+/g, ""), "base64") };
}

/**
 * Private keys in the labels siderolabs/crypto writes: SEC1 `EC PRIVATE KEY`, PKCS#1
 * `RSA PRIVATE KEY`, and PKCS#8 under its own `ED25519 PRIVATE KEY` label.
 */
export function privateKeyPem(key: KeyObject): string {
  switch (key.asymmetricKeyType) {
    case "ec":
      return key.export({ type: "sec1", format: "pem" }) as string;
    case "rsa":
      return key.export({ type: "pkcs1", format: "pem" }) as string;
    case "ed25519":
      return encodePem("ED25519 PRIVATE KEY", key.export({ type: "pkcs8", format: "der" }));
    default:
      throw new Error(`unsupported key type ${String(key.asymmetricKeyType)}`);
  }
}

/** Positive random serial below 2^128, as siderolabs/crypto NewSerialNumber draws it. */
export function randomSerialHex(): string {
  return randomBytes(16).toString("hex");
}
