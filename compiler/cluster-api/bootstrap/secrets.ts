import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DEPLOY_KEY_FILE } from "../../emit/bootstrap/index.js";
import { COMPONENT_ROOT } from "../../emit/flux/layout.js";
import { decryptSops } from "../../secrets/index.js";
import { applyWithOutcome, type Outcome } from "../apply-outcome.js";
import type { ClusterClient } from "../client.js";
import type { KubeObject } from "../objects.js";

/**
 * Step 3: the Secrets Flux needs before it can read the repository: `sops-age` (the key
 * kustomize-controller decrypts with), `cluster-secrets` (postBuild substitution) and, for a
 * private repository, the deploy key. They go into flux-system, as cluster-template's
 * bootstrap-apps.sh puts them. The built *.sops.yaml files are decrypted in memory and sent as
 * `data`; plaintext is never written to disk, printed or logged.
 */

export const FLUX_NAMESPACE = "flux-system";

export const BOOTSTRAP_SECRET_FILES: readonly { readonly path: string; readonly optional: boolean }[] = [
  { path: `${COMPONENT_ROOT}/sops/sops-age.sops.yaml`, optional: false },
  { path: `${COMPONENT_ROOT}/sops/cluster-secrets.sops.yaml`, optional: false },
  // Only a private repository has one.
  { path: DEPLOY_KEY_FILE, optional: true },
];

export class SecretFileError extends Error {}

/** The Secret a built SOPS file holds, decrypted, with stringData folded into base64 data. */
export async function decryptSecretFile(file: string, identities: readonly string[], searched: readonly string[]): Promise<KubeObject> {
  let tree: unknown;
  try {
    tree = (await decryptSops(readFileSync(file, "utf8"), { format: "yaml", identities, searched })).tree;
  } catch (error) {
    throw new SecretFileError(`cannot decrypt ${file}: ${(error as Error).message}`);
  }
  const secret = tree as KubeObject;
  if (secret.kind !== "Secret") throw new SecretFileError(`${file} holds a ${String(secret.kind)}, not a Secret`);
  return toDataSecret(secret);
}

/**
 * `stringData` is write-only: the API folds it into `data`. Sending `data` ourselves keeps the
 * applied fields equal to the stored ones, so a re-run is a no-op rather than a rewrite.
 */
export function toDataSecret(secret: KubeObject): KubeObject {
  const { stringData, data, ...rest } = secret as KubeObject & { stringData?: Record<string, unknown>; data?: Record<string, string> };
  const merged: Record<string, string> = { ...(data ?? {}) };
  for (const [k, v] of Object.entries(stringData ?? {})) merged[k] = Buffer.from(String(v), "utf8").toString("base64");
  return { ...rest, type: (rest["type"] as string | undefined) ?? "Opaque", data: merged };
}

export async function applyBootstrapSecrets(
  client: ClusterClient,
  outDir: string,
  identities: readonly string[],
  searched: readonly string[],
  force: boolean,
): Promise<{ name: string; outcome: Outcome | "absent" }[]> {
  const results: { name: string; outcome: Outcome | "absent" }[] = [];
  for (const entry of BOOTSTRAP_SECRET_FILES) {
    const file = join(outDir, entry.path);
    if (!existsSync(file)) {
      if (entry.optional) continue;
      throw new SecretFileError(`${file} is missing; run \`labc build\` first`);
    }
    const secret = await decryptSecretFile(file, identities, searched);
    const metadata: Record<string, unknown> = { ...(secret.metadata ?? {}), namespace: FLUX_NAMESPACE };
    const { outcome } = await applyWithOutcome(client, { ...secret, metadata }, { force });
    results.push({ name: `${FLUX_NAMESPACE}/${String(metadata["name"])}`, outcome });
  }
  return results;
}
