import type { SecretsBundle } from "./bundle.js";

const PEM = (label: string) => `-----BEGIN ${label}-----\nbGFiYyBwbGFjZWhvbGRlcg==\n-----END ${label}-----\n`;
const PAIR = { crt: PEM("CERTIFICATE"), key: PEM("EC PRIVATE KEY") };

/**
 * A bundle of obviously fake values with the real shape, for building a machine config only to
 * check it against the Talos schema (which types values, never reads keys). The checker uses it
 * so that judging a patch never needs, or touches, the cluster's real secrets.
 */
export function placeholderSecretsBundle(): SecretsBundle {
  return {
    cluster: { id: "cGxhY2Vob2xkZXI=", secret: "cGxhY2Vob2xkZXI=" },
    secrets: { bootstrapToken: "abcdef.0123456789abcdef", secretboxEncryptionSecret: "cGxhY2Vob2xkZXI=" },
    trustdInfo: { token: "abcdef.0123456789abcdef" },
    certs: { etcd: PAIR, k8s: PAIR, k8sAggregator: PAIR, k8sServiceAccount: { key: PEM("RSA PRIVATE KEY") }, os: { crt: PEM("CERTIFICATE"), key: PEM("ED25519 PRIVATE KEY") } },
  };
}
