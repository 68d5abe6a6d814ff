import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Reporter } from "../../lang/diagnostics/reporter.js";
import type { Span } from "../../lang/diagnostics/span.js";
import { decryptSops, encryptYaml, type RecipientOptions } from "../secrets/sops/index.js";
import { parse as parseYaml } from "yaml";

/** The Talos secrets bundle beside cluster.lab; copied to talos/ in the output. */
export const TALOS_SECRETS_FILE = "talsecret.sops.yaml";

export interface TalosSecrets {
  readonly text: string;
  /** A new bundle: the caller saves it to `path` once the rest of the build has succeeded. */
  readonly created: boolean;
  readonly path: string;
}

/**
 * Returns the encrypted bundle, creating it only when no bundle exists. An existing bundle that
 * cannot be decrypted stops the build: making a new one would lock the owner out of the cluster.
 */
export async function ensureTalosSecrets(root: string, keys: RecipientOptions, identities: readonly string[], r: Reporter, span: Span): Promise<TalosSecrets | undefined> {
  const path = join(root, TALOS_SECRETS_FILE);
  if (existsSync(path)) {
    const text = readFileSync(path, "utf8");
    try {
      await decryptSops(text, { format: "yaml", identities: [...identities] });
    } catch (error) {
      r.report("undecryptable", span, `cannot decrypt the Talos secrets bundle ${TALOS_SECRETS_FILE}: ${(error as Error).message}. labc will not make a new one, because nodes built from the old one would no longer accept this cluster's configs; restore the right age key`);
      return undefined;
    }
    return { text, created: false, path };
  }
  // The X.509 stack is loaded only on the one build that creates the bundle.
  const { generateSecretsBundle } = await import("../talos/secrets/generate.js");
  const { serializeSecretsBundle } = await import("../talos/secrets/yaml-io.js");
  const bundle = await generateSecretsBundle();
  const text = await encryptYaml(parseYaml(serializeSecretsBundle(bundle, { indent: 2 })), { recipients: keys.recipients, keyGroups: keys.keyGroups, shamirThreshold: keys.shamirThreshold, macOnlyEncrypted: true, identities: [...identities] });
  return { text, created: true, path };
}
