/**
 * What SOPS encrypts in a Kubernetes Secret: only the values under these fields, so names,
 * namespaces and keys stay readable in reviews and kustomize can still read the metadata. The
 * build's encryption, the generated .sops.yaml, the project .sops.yaml beside cluster.lab and
 * the diff's redaction all read this one list.
 */
export const SECRET_DATA_FIELDS = ["data", "stringData"] as const;

/** The `encrypted_regex` of Kubernetes and bootstrap Secrets: `^(data|stringData)$`. */
export const KUBERNETES_ENCRYPTED_REGEX = `^(${SECRET_DATA_FIELDS.join("|")})$`;

/** `.sops.yaml` path rules, relative to the repository root: Talos files whole, Kubernetes and bootstrap Secrets by field. */
export const projectFilesRule = "^(secrets|talsecret)\\.sops\\.ya?ml$";
export const talosRule = "^talos/.*\\.sops\\.ya?ml$";
export const kubernetesRule = "^(bootstrap|kubernetes)/.*\\.sops\\.ya?ml$";
