import { KeyObject, createPrivateKey, randomBytes, type webcrypto } from "node:crypto";
import type { PemCertAndKey } from "./bundle.js";
import { decodePem, encodePem, privateKeyPem, randomSerialHex } from "./pem.js";
import { subtle, x509 } from "./x509-provider.js";

export type CaAlgorithm = "ecdsa-p256" | "ed25519";

const HOUR_MS = 3_600_000;
/** secrets.CAValidityTime: 87600h, ten years of 365 days. */
export const CA_VALIDITY_HOURS = 87600;

const KEY_ALGORITHMS = {
  "ecdsa-p256": { generate: { name: "ECDSA", namedCurve: "P-256" }, sign: { name: "ECDSA", hash: "SHA-256" } },
  ed25519: { generate: { name: "Ed25519" }, sign: { name: "Ed25519" } },
} as const;

/**
 * Subject O. The library picks PrintableString when the text allows it and UTF8String otherwise,
 * like Go; undefined gives the empty subject of the aggregator CA.
 */
function organizationName(organizations: readonly string[]): x509.JsonName {
  return organizations.map((o) => ({ "2.5.4.10": [o] }));
}

/** Go x509 truncates validity to whole seconds. */
function wholeSeconds(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}

async function generateKeys(algorithm: CaAlgorithm): Promise<webcrypto.CryptoKeyPair> {
  return (await subtle.generateKey(KEY_ALGORITHMS[algorithm].generate, true, ["sign", "verify"])) as webcrypto.CryptoKeyPair;
}

export interface CaOptions {
  readonly algorithm: CaAlgorithm;
  /** Subject O; undefined gives the empty subject of the aggregator CA. */
  readonly organization: string | undefined;
  readonly now: Date;
  readonly validityHours?: number;
}

/**
 * siderolabs/crypto NewSelfSignedCertificateAuthority: random 128-bit serial, random 20-byte
 * SubjectKeyId, KeyUsage critical DigitalSignature|CertSign, EKU ServerAuth+ClientAuth,
 * BasicConstraints critical CA:TRUE, no AuthorityKeyId, no SAN, NotBefore = now.
 */
export async function createSelfSignedCa(options: CaOptions): Promise<PemCertAndKey> {
  const keys = await generateKeys(options.algorithm);
  const notBefore = wholeSeconds(options.now);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerialHex(),
    name: organizationName(options.organization === undefined ? [] : [options.organization]),
    notBefore,
    notAfter: new Date(notBefore.getTime() + (options.validityHours ?? CA_VALIDITY_HOURS) * HOUR_MS),
    signingAlgorithm: KEY_ALGORITHMS[options.algorithm].sign,
    keys,
    extensions: [
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyCertSign, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth]),
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.SubjectKeyIdentifierExtension(randomBytes(20).toString("hex")),
    ],
  });
  return { crt: encodePem("CERTIFICATE", new Uint8Array(cert.rawData)), key: privateKeyPem(KeyObject.from(keys.privateKey)) };
}

/** Loads a CA private key in any of the labels Talos accepts (Ed25519 under its own label). */
function caKeyObject(keyPem: string): KeyObject {
  const { label, der } = decodePem(keyPem);
  if (label === "ED25519 PRIVATE KEY" || label === "PRIVATE KEY") return createPrivateKey({ key: der, format: "der", type: "pkcs8" });
  return createPrivateKey(keyPem);
}

async function importSigningKey(key: KeyObject): Promise<{ key: webcrypto.CryptoKey; algorithm: webcrypto.AlgorithmIdentifier | webcrypto.EcdsaParams }> {
  const pkcs8 = key.export({ type: "pkcs8", format: "der" });
  if (key.asymmetricKeyType === "ed25519") {
    return { key: await subtle.importKey("pkcs8", pkcs8, { name: "Ed25519" }, false, ["sign"]), algorithm: { name: "Ed25519" } };
  }
  if (key.asymmetricKeyType === "ec") {
    const params = { name: "ECDSA", namedCurve: "P-256" };
    return { key: await subtle.importKey("pkcs8", pkcs8, params, false, ["sign"]), algorithm: { name: "ECDSA", hash: "SHA-256" } as webcrypto.EcdsaParams };
  }
  throw new Error(`unsupported CA key type ${String(key.asymmetricKeyType)}`);
}

export interface ClientCertOptions {
  readonly organizations: readonly string[];
  readonly now: Date;
  readonly validityHours: number;
}

/**
 * siderolabs/crypto NewKeyPair for a client identity: a key of the CA's type, issuer = CA subject,
 * KeyUsage DigitalSignature, EKU ClientAuth, no BasicConstraints, AuthorityKeyId = CA's SKID.
 */
export async function issueClientCertificate(ca: PemCertAndKey, options: ClientCertOptions): Promise<PemCertAndKey> {
  const caCert = new x509.X509Certificate(decodePem(ca.crt).der);
  const signer = await importSigningKey(caKeyObject(ca.key));
  const algorithm: CaAlgorithm = (signer.algorithm as webcrypto.Algorithm).name === "Ed25519" ? "ed25519" : "ecdsa-p256";
  const keys = await generateKeys(algorithm);
  const notBefore = wholeSeconds(options.now);
  const skid = caCert.getExtension(x509.SubjectKeyIdentifierExtension);
  const extensions: x509.Extension[] = [
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
  ];
  if (skid) extensions.push(new x509.AuthorityKeyIdentifierExtension(skid.keyId));
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerialHex(),
    subject: organizationName(options.organizations),
    issuer: caCert.subjectName,
    notBefore,
    notAfter: new Date(notBefore.getTime() + options.validityHours * HOUR_MS),
    signingAlgorithm: signer.algorithm,
    publicKey: keys.publicKey,
    signingKey: signer.key,
    extensions,
  });
  return { crt: encodePem("CERTIFICATE", new Uint8Array(cert.rawData)), key: privateKeyPem(KeyObject.from(keys.privateKey)) };
}
