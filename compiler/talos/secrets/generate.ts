import { generateKeyPair, type KeyObject } from "node:crypto";
import { promisify } from "node:util";
import type { SecretsBundle } from "./bundle.js";
import { createSelfSignedCa } from "./ca.js";
import { privateKeyPem } from "./pem.js";
import { generateToken, randomBase64, randomUrlBase64 } from "./tokens.js";

const generateKeyPairAsync = promisify(generateKeyPair);

export interface GenerateSecretsOptions {
  /** Certificate NotBefore; defaults to the current time. */
  readonly now?: Date;
}

/** Service-account signing key: RSA-4096 in PKCS#1, as Talos does for every contract since 1.7. */
async function serviceAccountKey(): Promise<string> {
  const { privateKey } = (await generateKeyPairAsync("rsa", { modulusLength: 4096 })) as { privateKey: KeyObject };
  return privateKeyPem(privateKey);
}

/**
 * A fresh bundle, field for field what `talosctl gen secrets` / `talhelper gensecret` produce for
 * the contracts labc supports (1.10+): ECDSA P-256 etcd/k8s/aggregator CAs, Ed25519 OS CA, RSA
 * service-account key, secretbox encryption. Generate once and keep it: regenerating locks a
 * running cluster out.
 */
export async function generateSecretsBundle(options: GenerateSecretsOptions = {}): Promise<SecretsBundle> {
  const now = options.now ?? new Date();
  const [etcd, k8s, k8sAggregator, os, saKey] = await Promise.all([
    createSelfSignedCa({ algorithm: "ecdsa-p256", organization: "etcd", now }),
    createSelfSignedCa({ algorithm: "ecdsa-p256", organization: "kubernetes", now }),
    // Talos passes CommonName "front-proxy", but the CA template copies only Organization.
    createSelfSignedCa({ algorithm: "ecdsa-p256", organization: undefined, now }),
    createSelfSignedCa({ algorithm: "ed25519", organization: "talos", now }),
    serviceAccountKey(),
  ]);
  return {
    cluster: { id: randomUrlBase64(), secret: randomBase64() },
    secrets: { bootstrapToken: generateToken(), secretboxEncryptionSecret: randomBase64() },
    trustdInfo: { token: generateToken() },
    certs: { etcd, k8s, k8sAggregator, k8sServiceAccount: { key: saKey }, os },
  };
}
