import { createPrivateKey, createPublicKey } from "node:crypto";
import { parse } from "yaml";
import { controlPlanes, type ClusterModel } from "../model/model.js";
import type { SecretsBundle } from "../talos/index.js";
import { renderTalosconfig, talosconfigYaml } from "../talos/pki.js";
import { base64Pem, type PemCertAndKey } from "../talos/secrets/bundle.js";
import { decodePem } from "../talos/secrets/pem.js";
import { x509 } from "../talos/secrets/x509-provider.js";

/** A kept client certificate must stay valid at least this long; a shorter one is replaced. */
export const RENEW_BEFORE_DAYS = 30;
const DAY_MS = 86_400_000;

export interface TalosconfigResult {
  readonly text: string;
  /** The admin certificate of the previous talosconfig was kept. */
  readonly reused: boolean;
}

/** talhelper's talosconfig: context = cluster name, endpoints = control planes, nodes = every node. */
function contextInput(cluster: ClusterModel, secrets: SecretsBundle) {
  return {
    contextName: cluster.name,
    endpoints: controlPlanes(cluster).map((n) => n.address),
    nodes: cluster.nodes.map((n) => n.address),
    secrets,
  };
}

function field(context: Record<string, unknown>, key: string): string | undefined {
  const value = context[key];
  return typeof value === "string" && value !== "" ? Buffer.from(value, "base64").toString("utf8") : undefined;
}

/** The previous admin certificate and key, if they belong to this cluster's OS CA and stay valid long enough. */
async function reusableClient(previous: string, cluster: ClusterModel, secrets: SecretsBundle, now: Date): Promise<PemCertAndKey | undefined> {
  try {
    const root = parse(previous) as { contexts?: Record<string, Record<string, unknown>> } | null;
    const context = root?.contexts?.[cluster.name];
    if (!context || context["ca"] !== base64Pem(secrets.certs.os.crt)) return undefined;
    const crt = field(context, "crt");
    const key = field(context, "key");
    if (!crt || !key) return undefined;
    const cert = new x509.X509Certificate(decodePem(crt).der);
    const ca = new x509.X509Certificate(decodePem(secrets.certs.os.crt).der);
    if (cert.notBefore.getTime() > now.getTime()) return undefined;
    if (cert.notAfter.getTime() - now.getTime() < RENEW_BEFORE_DAYS * DAY_MS) return undefined;
    if (!(await cert.verify({ publicKey: ca, signatureOnly: true }))) return undefined;
    // The key must be the certificate's: a hand-edited file could pair them wrongly.
    const { label, der } = decodePem(key);
    const privateKey = label === "ED25519 PRIVATE KEY" || label === "PRIVATE KEY" ? createPrivateKey({ key: der, format: "der", type: "pkcs8" }) : createPrivateKey(key);
    const spki = createPublicKey(privateKey).export({ type: "spki", format: "der" });
    if (!Buffer.from(cert.publicKey.rawData).equals(spki)) return undefined;
    return { crt, key };
  } catch {
    return undefined; // unreadable: issue a new one
  }
}

/**
 * The talosconfig for this cluster. Talos cannot revoke a client certificate short of rotating
 * the OS CA, so every fresh one is another year-long admin credential in the wild: the previous
 * file's certificate is kept while it is signed by this cluster's OS CA and valid for at least
 * RENEW_BEFORE_DAYS more days. Delete the file to get a new certificate.
 */
export async function talosconfigFor(cluster: ClusterModel, secrets: SecretsBundle, previous: string | undefined, now = new Date()): Promise<TalosconfigResult> {
  const input = contextInput(cluster, secrets);
  const client = previous === undefined ? undefined : await reusableClient(previous, cluster, secrets, now);
  if (client) return { text: talosconfigYaml(input, client), reused: true };
  return { text: await renderTalosconfig({ ...input, now }), reused: false };
}
