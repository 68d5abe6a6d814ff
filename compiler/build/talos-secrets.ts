import { join, relative } from "node:path";
import type { Reporter } from "../../lang/diagnostics/reporter.js";
import type { Span } from "../../lang/diagnostics/span.js";
import { decryptSops, encryptYaml, type RecipientOptions } from "../secrets/sops/index.js";
import { parse as parseYaml } from "yaml";
import { readProjectFile } from "../files/read-project-file.js";
import { findCopies, describeCopies } from "./lost-file-copies.js";
import { TALOS_SECRETS_FILE } from "../model/well-known.js";
import type { ParsedMemo } from "../files/parsed-memo.js";

const OPENS_KIND = "sops-opens";

/** Where the build puts its copy, relative to the output directory. */
export const OUTPUT_TALOS_SECRETS = `talos/${TALOS_SECRETS_FILE}`;

export interface TalosSecrets {
  readonly text: string;
  /** A new bundle: the caller saves it to `path` once the rest of the build has succeeded. */
  readonly created: boolean;
  readonly path: string;
}

export interface TalosSecretsInput {
  /** Folder of cluster.lab. */
  readonly root: string;
  /** The output directory, whose talos/ may hold the only copy left. */
  readonly out: string;
  /** For paths and commands in messages. */
  readonly cwd: string;
  /** The user asked for a new cluster (`labc build --new-cluster`): only then is a bundle made. */
  readonly newCluster: boolean;
  readonly keys: RecipientOptions;
  readonly identities: readonly string[];
  /** The recipients of `identities`, and the run's memo: a bundle that opened with them before is not decrypted again. */
  readonly opened?: { readonly recipients: readonly string[]; readonly memo: ParsedMemo };
  readonly span: Span;
  /** `labc build --dry-run`: say a bundle would be made, without making one (it takes seconds, and is a secret). */
  readonly dryRun?: boolean;
  /** Told before the slow step, so a first build is not seconds of silence. */
  readonly progress?: (line: string) => void;
}

/**
 * Returns the encrypted bundle. A new bundle is a new cluster identity (CA, tokens, keys): nodes
 * installed from the old one refuse configs made from it, so a build makes one only when the
 * user asked for a new cluster and no copy exists anywhere labc can see (beside cluster.lab, in
 * the output, in Git history of either). Anything else at the path (a dangling symlink, a
 * directory, a FIFO, a file it may not read) stops the build instead of being taken as "none".
 */
export async function ensureTalosSecrets(input: TalosSecretsInput, r: Reporter): Promise<TalosSecrets | undefined> {
  const path = join(input.root, TALOS_SECRETS_FILE);
  const shown = relative(input.cwd, path) || path;
  const read = readProjectFile(path);
  if (read.kind === "unreadable") {
    r.report("readFailed", input.span, `cannot read the Talos secrets bundle ${shown}: ${read.why}. labc will not make a new one in its place, because nodes built from the old one would no longer accept this cluster's configs; put the bundle file back at ${shown} (restore it from Git or a backup)`);
    return undefined;
  }
  if (read.kind === "file") {
    // Only a check that the keys open it (its values are not needed here): known for the same bytes and keys.
    const opensWith = input.opened ? `${JSON.stringify([...input.opened.recipients].sort())}\n${read.text}` : undefined;
    if (opensWith !== undefined && input.opened!.memo.peek<boolean>(OPENS_KIND, opensWith) === true) return { text: read.text, created: false, path };
    try {
      await decryptSops(read.text, { format: "yaml", identities: [...input.identities] });
      if (opensWith !== undefined) input.opened!.memo.put(OPENS_KIND, opensWith, true);
    } catch (error) {
      r.report("undecryptable", input.span, `cannot decrypt the Talos secrets bundle ${shown}: ${(error as Error).message}. labc will not make a new one, because nodes built from the old one would no longer accept this cluster's configs; restore the right age key`);
      return undefined;
    }
    return { text: read.text, created: false, path };
  }

  const copies = findCopies(path, join(input.out, OUTPUT_TALOS_SECRETS));
  if (copies.length > 0) {
    r.report(
      "secretsFileMissing",
      input.span,
      `the Talos secrets bundle ${shown} is missing, but ${describeCopies(copies, path, input.cwd)}. labc never makes a new bundle while a copy exists: the cluster's nodes accept only configs made from that one. To give a cluster a new identity on purpose (every node reinstalled), make a bundle with 'talosctl gen secrets' and adopt it with 'labc talos import-secrets'`,
    );
    return undefined;
  }
  if (!input.newCluster) {
    r.report(
      "secretsFileMissing",
      input.span,
      `there is no Talos secrets bundle ${shown}, and no copy in the output or in Git history. If this cluster runs already, put its bundle back at ${shown} (nodes refuse configs made from a new one); if it is a new cluster, run 'labc build --new-cluster' once to make the bundle, then commit it`,
    );
    return undefined;
  }
  if (input.dryRun) return { text: "", created: true, path };
  input.progress?.(`making the cluster's Talos PKI for ${TALOS_SECRETS_FILE} (RSA-4096 keys: a few seconds, once per cluster)…`);
  // The X.509 stack is loaded only on the one build that creates the bundle.
  const { generateSecretsBundle } = await import("../talos/secrets/generate.js");
  const { serializeSecretsBundle } = await import("../talos/secrets/yaml-io.js");
  const bundle = await generateSecretsBundle();
  const { keys } = input;
  const text = await encryptYaml(parseYaml(serializeSecretsBundle(bundle, { indent: 2 })), { recipients: keys.recipients, keyGroups: keys.keyGroups, shamirThreshold: keys.shamirThreshold, macOnlyEncrypted: true, identities: [...input.identities] });
  return { text, created: true, path };
}
