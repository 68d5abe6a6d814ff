import { join } from "node:path";
import { parse, stringify } from "yaml";
import { TALOS_SECRETS_FILE } from "../model/well-known.js";
import { readProjectFile } from "../files/read-project-file.js";
import { decryptSops, encryptYaml, type RecipientOptions } from "../secrets/sops/index.js";
import { parseSecretsBundle, serializeSecretsBundle, type SecretsBundle } from "../talos/index.js";

export type BundleRead =
  | { readonly ok: true; readonly bundle: SecretsBundle; readonly encrypted: boolean }
  | { readonly ok: false; readonly reason: "missing" | "undecryptable" | "invalid"; readonly message: string };

/** The encrypted bundle `labc build` keeps beside cluster.lab. */
export function clusterBundlePath(root: string): string {
  return join(root, TALOS_SECRETS_FILE);
}

function isSops(text: string): boolean {
  try {
    const root = parse(text) as unknown;
    return root !== null && typeof root === "object" && !Array.isArray(root) && "sops" in root;
  } catch {
    return false;
  }
}

/**
 * Reads a secrets bundle in either form talhelper users have: the plain YAML of
 * `talhelper gensecret` / `talosctl gen secrets`, or that file encrypted with SOPS.
 * Messages name what is wrong, never a value.
 */
export async function openBundle(text: string, identities: readonly string[], searched: readonly string[] = []): Promise<BundleRead> {
  let plain = text;
  const encrypted = isSops(text);
  if (encrypted) {
    try {
      const file = await decryptSops(text, { format: "yaml", identities: [...identities], searched: [...searched] });
      plain = stringify(file.tree, { lineWidth: 0 });
    } catch (error) {
      return { ok: false, reason: "undecryptable", message: (error as Error).message };
    }
  }
  const parsed = parseSecretsBundle(plain);
  if (!parsed.ok) return { ok: false, reason: "invalid", message: `not a Talos secrets bundle: ${parsed.error}` };
  return { ok: true, bundle: parsed.value, encrypted };
}

/** The cluster's bundle. `labc talos` only ever reads it: creating it is `labc build`'s job, done once. */
export async function readClusterBundle(root: string, identities: readonly string[], searched: readonly string[] = []): Promise<BundleRead> {
  const path = clusterBundlePath(root);
  // Never opened blindly: a FIFO there would block the read, a dangling link is no "missing".
  const read = readProjectFile(path);
  if (read.kind === "missing") return { ok: false, reason: "missing", message: `${TALOS_SECRETS_FILE} does not exist` };
  if (read.kind === "unreadable") return { ok: false, reason: "invalid", message: read.why };
  return openBundle(read.text, identities, searched);
}

/** Same secrets, whatever the file's formatting or encryption. */
export function sameBundle(a: SecretsBundle, b: SecretsBundle): boolean {
  return serializeSecretsBundle(a, { indent: 2 }) === serializeSecretsBundle(b, { indent: 2 });
}

/** The bundle as `labc build` stores it: talhelper's layout, every value encrypted, MAC over encrypted values. */
export async function encryptBundle(bundle: SecretsBundle, keys: RecipientOptions, identities: readonly string[]): Promise<string> {
  const { recipients, keyGroups, shamirThreshold } = keys;
  return encryptYaml(parse(serializeSecretsBundle(bundle, { indent: 2 })), { recipients, keyGroups, shamirThreshold, macOnlyEncrypted: true, identities: [...identities] });
}
