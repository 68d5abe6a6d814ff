import { parse } from "yaml";
import { encodeGoYaml, type GoValue } from "../yaml/go-encode.js";
import { base64Pem, type PemCertAndKey, type SecretsBundle } from "./bundle.js";

export type ParseResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

class BundleShapeError extends Error {}

type Node = { readonly [key: string]: unknown };

// Talos/talhelper decode the bundle with KnownFields(true): unknown keys are an error, not noise.
function object(value: unknown, path: string, allowed: readonly string[]): Node {
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new BundleShapeError(`${path}: expected a mapping`);
  const node = value as Node;
  for (const key of Object.keys(node)) {
    if (!allowed.includes(key)) throw new BundleShapeError(`${path}.${key}: unknown field`);
  }
  return node;
}

function text(node: Node, key: string, path: string, optional = false): string {
  const value = node[key];
  if (value === undefined && optional) return "";
  if (typeof value !== "string" || value === "") throw new BundleShapeError(`${path}.${key}: expected a non-empty string`);
  return value;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function pem(node: Node, key: string, path: string): string {
  const encoded = text(node, key, path);
  if (!BASE64.test(encoded) || encoded.length % 4 !== 0) throw new BundleShapeError(`${path}.${key}: not standard base64`);
  const decoded = Buffer.from(encoded, "base64").toString("utf8");
  if (!decoded.startsWith("-----BEGIN ")) throw new BundleShapeError(`${path}.${key}: base64 does not hold a PEM block`);
  return decoded;
}

function certAndKey(parent: Node, name: string): PemCertAndKey {
  const path = `certs.${name}`;
  const node = object(parent[name], path, ["crt", "key"]);
  return { crt: pem(node, "crt", path), key: pem(node, "key", path) };
}

/** Reads a secrets bundle in the layout `talosctl gen secrets` and `talhelper gensecret` write. */
export function parseSecretsBundle(yamlText: string): ParseResult<SecretsBundle> {
  try {
    const root = object(parse(yamlText), "secrets bundle", ["cluster", "secrets", "trustdinfo", "certs"]);
    const cluster = object(root["cluster"], "cluster", ["id", "secret"]);
    const secrets = object(root["secrets"], "secrets", ["bootstraptoken", "aescbcencryptionsecret", "secretboxencryptionsecret"]);
    const trustd = object(root["trustdinfo"], "trustdinfo", ["token"]);
    const certs = object(root["certs"], "certs", ["etcd", "k8s", "k8saggregator", "k8sserviceaccount", "os"]);
    const sa = object(certs["k8sserviceaccount"], "certs.k8sserviceaccount", ["key"]);
    const aescbc = text(secrets, "aescbcencryptionsecret", "secrets", true);
    const secretbox = text(secrets, "secretboxencryptionsecret", "secrets", true);
    if ((aescbc === "") === (secretbox === "")) {
      throw new BundleShapeError("secrets: exactly one of secretboxencryptionsecret and aescbcencryptionsecret is required");
    }
    const bundle: SecretsBundle = {
      cluster: { id: text(cluster, "id", "cluster"), secret: text(cluster, "secret", "cluster") },
      secrets: {
        bootstrapToken: text(secrets, "bootstraptoken", "secrets"),
        ...(aescbc !== "" ? { aescbcEncryptionSecret: aescbc } : {}),
        ...(secretbox !== "" ? { secretboxEncryptionSecret: secretbox } : {}),
      },
      trustdInfo: { token: text(trustd, "token", "trustdinfo") },
      certs: {
        etcd: certAndKey(certs, "etcd"),
        k8s: certAndKey(certs, "k8s"),
        k8sAggregator: certAndKey(certs, "k8saggregator"),
        k8sServiceAccount: { key: pem(sa, "key", "certs.k8sserviceaccount") },
        os: certAndKey(certs, "os"),
      },
    };
    return { ok: true, value: bundle };
  } catch (err) {
    if (err instanceof BundleShapeError) return { ok: false, error: err.message };
    return { ok: false, error: `secrets bundle is not valid YAML: ${(err as Error).message}` };
  }
}

function encodedPair(p: PemCertAndKey): GoValue {
  return { crt: base64Pem(p.crt), key: base64Pem(p.key) };
}

/** The bundle as a tree in Go struct order (lower-cased field names, as yaml.v3 derives them). */
export function secretsBundleTree(bundle: SecretsBundle): GoValue {
  const secrets: { [key: string]: GoValue } = { bootstraptoken: bundle.secrets.bootstrapToken };
  if (bundle.secrets.aescbcEncryptionSecret) secrets["aescbcencryptionsecret"] = bundle.secrets.aescbcEncryptionSecret;
  if (bundle.secrets.secretboxEncryptionSecret) secrets["secretboxencryptionsecret"] = bundle.secrets.secretboxEncryptionSecret;
  return {
    cluster: { id: bundle.cluster.id, secret: bundle.cluster.secret },
    secrets,
    trustdinfo: { token: bundle.trustdInfo.token },
    certs: {
      etcd: encodedPair(bundle.certs.etcd),
      k8s: encodedPair(bundle.certs.k8s),
      k8saggregator: encodedPair(bundle.certs.k8sAggregator),
      k8sserviceaccount: { key: base64Pem(bundle.certs.k8sServiceAccount.key) },
      os: encodedPair(bundle.certs.os),
    },
  };
}

/**
 * Writes the bundle as YAML. talhelper gensecret (the talsecret.sops.yaml content) uses indent 2;
 * `talosctl gen secrets` uses yaml.v3's default of 4.
 */
export function serializeSecretsBundle(bundle: SecretsBundle, options: { readonly indent?: 2 | 4 } = {}): string {
  return encodeGoYaml(secretsBundleTree(bundle), options.indent ?? 2);
}
