/** A Kubernetes Secret carrying plaintext `stringData`; only ever placed in a SOPS SecretOutput. */
export function secretObject(name: string, stringData: Readonly<Record<string, string>>): Record<string, unknown> {
  return { apiVersion: "v1", kind: "Secret", metadata: { name }, stringData: { ...stringData } };
}
