import { generateKeyPairSync, KeyObject, randomBytes, type webcrypto } from "node:crypto";
import { subtle, x509 } from "../../../compiler/talos/secrets/x509-provider.js";

/**
 * A throwaway PKI for one test control plane: a CA, a serving certificate for 127.0.0.1 signed
 * by it (kube-apiserver serves only TLS), and the service-account signing key the server
 * refuses to start without. Made fresh per process; nothing is written outside the test's folder.
 */

export interface ControlPlanePki {
  readonly caCert: string;
  readonly serverCert: string;
  readonly serverKey: string;
  readonly serviceAccountKey: string;
  readonly serviceAccountPublicKey: string;
}

const ECDSA = { name: "ECDSA", namedCurve: "P-256" } as const;
const SIGN = { name: "ECDSA", hash: "SHA-256" } as const;
const DAY_MS = 86_400_000;

async function keys(): Promise<webcrypto.CryptoKeyPair> {
  return (await subtle.generateKey(ECDSA, true, ["sign", "verify"])) as webcrypto.CryptoKeyPair;
}

export async function createControlPlanePki(now = new Date()): Promise<ControlPlanePki> {
  const notBefore = new Date(now.getTime() - 60_000);
  const notAfter = new Date(now.getTime() + DAY_MS);
  const caKeys = await keys();
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomBytes(16).toString("hex"),
    name: "CN=labc test control plane CA",
    notBefore,
    notAfter,
    signingAlgorithm: SIGN,
    keys: caKeys,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.digitalSignature, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const serverKeys = await keys();
  const server = await x509.X509CertificateGenerator.create({
    serialNumber: randomBytes(16).toString("hex"),
    subject: "CN=kube-apiserver",
    issuer: ca.subject,
    notBefore,
    notAfter,
    signingAlgorithm: SIGN,
    publicKey: serverKeys.publicKey,
    signingKey: caKeys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([{ type: "ip", value: "127.0.0.1" }, { type: "dns", value: "localhost" }]),
      await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const sa = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  return {
    caCert: ca.toString("pem") + "\n",
    serverCert: server.toString("pem") + "\n",
    serverKey: KeyObject.from(serverKeys.privateKey).export({ type: "pkcs8", format: "pem" }) as string,
    serviceAccountKey: sa.privateKey.export({ type: "pkcs8", format: "pem" }) as string,
    serviceAccountPublicKey: sa.publicKey.export({ type: "spki", format: "pem" }) as string,
  };
}
