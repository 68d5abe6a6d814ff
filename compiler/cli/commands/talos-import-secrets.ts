import { existsSync } from "node:fs";
import { readProjectFile } from "../../files/read-project-file.js";
import { relative, resolve } from "node:path";
import { Reporter } from "../../../lang/diagnostics/reporter.js";
import type { Span } from "../../../lang/diagnostics/span.js";
import { TALOS_SECRETS_FILE } from "../../model/well-known.js";
import { writeFileAtomically } from "../../files/write-file.js";
import { discoverAgeIdentities, type DiscoveredIdentities } from "../../secrets/age/index.js";
import { recipientsPhrase } from "../../secrets-store/recipients-phrase.js";
import { clusterBundlePath, encryptBundle, loadCluster, openBundle, readClusterBundle, sameBundle } from "../../talos-cli/index.js";
import type { BundleRead } from "../../talos-cli/bundle-file.js";
import type { LoadedCluster } from "../../load/load-checked.js";
import type { ClusterModel } from "../../model/model.js";
import { LockBusy, lockProject } from "../../build/project-lock.js";
import { parseCommandArgs } from "../args.js";
import { talosImportSecrets as spec } from "../usage/command-table.js";
import { printDiagnostics } from "../terminal.js";
import { resolveTarget } from "../target.js";
import { UsageError } from "../usage-error.js";

function fileStart(file: string): Span {
  const at = { line: 1, column: 1, offset: 0 };
  return { file, start: at, end: at };
}

/**
 * `labc talos import-secrets FILE`: adopts the bundle an existing cluster was built from (from
 * talhelper or talosctl), so labc's configs keep being accepted by its nodes. The bundle is
 * validated, then stored encrypted to the cluster's recipients beside cluster.lab. A different
 * bundle already there is the identity of some cluster, so replacing it takes --force.
 */
export async function runTalosImportSecrets(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, spec);
  const source = positionals[0];
  if (source === undefined) throw new UsageError("missing the bundle file: labc talos import-secrets FILE [cluster.lab] [--force]");
  const sourcePath = resolve(source);
  // A regular file only: a FIFO given by mistake must not hang the command.
  const read = readProjectFile(sourcePath);
  if (read.kind === "missing") throw new UsageError(`${source}: no such file`);
  if (read.kind === "unreadable") throw new UsageError(`${source}: ${read.why}`);
  const text = read.text;
  const target = await resolveTarget(positionals[1], ".");
  const loaded = loadCluster(target.entry);
  printDiagnostics(loaded.diagnostics, loaded.sources);
  const model = loaded.model;
  if (!model) {
    process.stderr.write(`labc talos import-secrets: ${target.entry} has errors; nothing was imported\n`);
    return 1;
  }

  const r = new Reporter();
  const fail = (): number => {
    printDiagnostics(r.diagnostics, loaded.sources);
    process.stderr.write("labc talos import-secrets: nothing was imported\n");
    return 1;
  };
  const found = await discoverAgeIdentities({ projectDir: loaded.root, env: process.env });
  const opened = await openBundle(text, found.identities, found.searched);
  if (!opened.ok) {
    r.report(opened.reason === "undecryptable" ? "undecryptable" : "readFailed", fileStart(source), opened.reason === "undecryptable" ? `cannot decrypt ${source}: ${opened.message}` : `${source} is ${opened.message}`);
    return fail();
  }

  // The check and the write below must not interleave with a build or another import.
  let lock;
  try {
    lock = lockProject(loaded.root, "labc talos import-secrets");
  } catch (error) {
    if (!(error instanceof LockBusy)) throw error;
    process.stderr.write(`labc talos import-secrets: ${error.message}; nothing was imported\n`);
    return 1;
  }
  try {
    if (lock.note) process.stderr.write(`note: ${lock.note}\n`);
    return await importLocked(loaded, model, opened, found, source, values.force === true);
  } finally {
    lock.release();
  }
}

type OpenedBundle = Extract<BundleRead, { ok: true }>;

async function importLocked(loaded: LoadedCluster, model: ClusterModel, opened: OpenedBundle, found: DiscoveredIdentities, source: string, force: boolean): Promise<number> {
  const dest = clusterBundlePath(loaded.root);
  const destShown = relative(process.cwd(), dest) || TALOS_SECRETS_FILE;
  let replaced = false;
  if (existsSync(dest)) {
    const existing = await readClusterBundle(loaded.root, found.identities, found.searched);
    if (existing.ok && sameBundle(existing.bundle, opened.bundle)) {
      process.stdout.write(`${destShown} already holds this bundle; nothing to do\n`);
      return 0;
    }
    if (!force) {
      const why = existing.ok ? "holds a different bundle" : `exists and cannot be read (${existing.message})`;
      process.stderr.write(
        `labc talos import-secrets: ${destShown} ${why}. It is the identity of the cluster built from it: nodes installed with it reject configs made from another bundle. Pass --force only if that cluster is gone or was never installed; nothing was imported\n`,
      );
      return 1;
    }
    replaced = true;
  }
  writeFileAtomically(dest, await encryptBundle(opened.bundle, { keyGroups: model.keyGroups, shamirThreshold: model.shamirThreshold }, found.identities), 0o600);
  process.stdout.write(`imported ${source} into ${destShown} (encrypted to the cluster's ${recipientsPhrase(model)}); commit it, then run \`labc build\` and \`labc talos config\`\n`);
  if (replaced) process.stdout.write(`note: the previous bundle was replaced; nodes installed from it will not accept configs made from this one\n`);
  if (!opened.encrypted) process.stdout.write(`note: ${source} holds the secrets in plaintext; delete it, or keep it offline, now that the encrypted copy exists\n`);
  return 0;
}
