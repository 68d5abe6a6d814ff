import { base64Pem, type PemCertAndKey, type SecretsBundle } from "../secrets/bundle.js";
import { issueClientCertificate } from "../secrets/ca.js";
import { encodeGoYaml, type GoValue } from "../yaml/go-encode.js";

/** constants.TalosAPIDefaultCertificateValidityDuration: one year. */
export const ADMIN_CERT_VALIDITY_HOURS = 8760;
/** role.Admin. */
export const ADMIN_ROLE = "os:admin";

export interface TalosconfigInput {
  /** talhelper uses the cluster name. */
  readonly contextName: string;
  /** Talos API endpoints: the control plane node addresses. */
  readonly endpoints: readonly string[];
  /** Default target nodes (talhelper: every node). */
  readonly nodes?: readonly string[];
  readonly secrets: SecretsBundle;
  /** Certificate NotBefore; defaults to now. */
  readonly now?: Date;
  readonly roles?: readonly string[];
  readonly validityHours?: number;
}

/**
 * talosctl's client config (clientconfig.Config marshalled by yaml.v3 with its default indent):
 * one context holding the OS CA and an admin client certificate.
 */
export function talosconfigYaml(input: Omit<TalosconfigInput, "now" | "roles" | "validityHours">, client: PemCertAndKey): string {
  const context: { [key: string]: GoValue } = { endpoints: [...input.endpoints] };
  if (input.nodes && input.nodes.length > 0) context["nodes"] = [...input.nodes];
  context["ca"] = base64Pem(input.secrets.certs.os.crt);
  context["crt"] = base64Pem(client.crt);
  context["key"] = base64Pem(client.key);
  return encodeGoYaml({ context: input.contextName, contexts: { [input.contextName]: context } }, 4);
}

/** Issues a fresh admin certificate (Ed25519, signed by the OS CA, O=os:admin, 1 year) and renders the talosconfig. */
export async function renderTalosconfig(input: TalosconfigInput): Promise<string> {
  const client = await issueClientCertificate(input.secrets.certs.os, {
    organizations: input.roles ?? [ADMIN_ROLE],
    now: input.now ?? new Date(),
    validityHours: input.validityHours ?? ADMIN_CERT_VALIDITY_HOURS,
  });
  return talosconfigYaml(input, client);
}
