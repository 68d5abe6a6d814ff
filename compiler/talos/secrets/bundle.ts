/**
 * The Talos secrets bundle (`secrets.Bundle` in Talos machinery): everything a cluster's machine
 * configs are derived from. PEM values are kept as the decoded PEM text; the YAML file stores
 * each one as standard base64 of that text.
 */
export interface PemCertAndKey {
  /** PEM `CERTIFICATE` block, with its trailing newline. */
  readonly crt: string;
  /** PEM private key block (`EC PRIVATE KEY`, `ED25519 PRIVATE KEY` or `RSA PRIVATE KEY`). */
  readonly key: string;
}

export interface PemKey {
  readonly key: string;
}

export interface SecretsBundle {
  readonly cluster: {
    /** 32 random bytes, base64 (URL-safe alphabet with padding, as Talos 1.13 writes it). */
    readonly id: string;
    readonly secret: string;
  };
  readonly secrets: {
    /** kubeadm token `[a-z0-9]{6}.[a-z0-9]{16}`. */
    readonly bootstrapToken: string;
    /** Clusters created before Talos 1.3 carry this instead of the secretbox secret. */
    readonly aescbcEncryptionSecret?: string;
    readonly secretboxEncryptionSecret?: string;
  };
  readonly trustdInfo: { readonly token: string };
  readonly certs: {
    readonly etcd: PemCertAndKey;
    readonly k8s: PemCertAndKey;
    readonly k8sAggregator: PemCertAndKey;
    readonly k8sServiceAccount: PemKey;
    readonly os: PemCertAndKey;
  };
}

export function base64Pem(pem: string): string {
  return Buffer.from(pem, "utf8").toString("base64");
}
