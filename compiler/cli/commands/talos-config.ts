import { join, relative } from "node:path";
import { LockBusy, lockProject } from "../../build/project-lock.js";
import { Reporter } from "../../../lang/diagnostics/reporter.js";
import { CLUSTERCONFIG_DIR, TALOSCONFIG_FILE, UnsupportedTalosVersionError, renderNodeConfigs, type NodeConfigFile } from "../../emit/talos/index.js";
import { discoverAgeIdentities } from "../../secrets/age/index.js";
import { TALOS_SECRETS_FILE } from "../../model/well-known.js";
import { readPreviousOutput } from "../../build/output-target.js";
import { clusterBundlePath, findNode, loadCluster, nodeNames, readClusterBundle, talosconfigFor, writePrivateFiles } from "../../talos-cli/index.js";
import { parseCommandArgs } from "../args.js";
import { talosConfig as spec } from "../usage/command-table.js";
import { printDiagnostics } from "../terminal.js";
import { resolveTarget } from "../target.js";
import { UsageError } from "../usage-error.js";

/**
 * `labc talos config`: every node's machine config plus talosconfig, from cluster.lab and the
 * bundle beside it. It only reads the bundle: creating one here could silently fork the
 * cluster's identity, so a missing bundle sends the user to `labc build --new-cluster`, which makes it once.
 */
export async function runTalosConfig(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, spec);
  const target = await resolveTarget(positionals[0], values.out);
  const loaded = loadCluster(target.entry);
  printDiagnostics(loaded.diagnostics, loaded.sources);
  const model = loaded.model;
  if (!model) {
    process.stderr.write(`labc talos config: ${target.entry} has errors; nothing was written\n`);
    return 1;
  }
  const node = values.node === undefined ? undefined : findNode(model, values.node);
  if (values.node !== undefined && !node) throw new UsageError(`no node '${values.node}' in ${target.entry}; the nodes are: ${nodeNames(model)}`);

  const r = new Reporter();
  const fail = (): number => {
    printDiagnostics(r.diagnostics, loaded.sources);
    process.stderr.write("labc talos config: nothing was written\n");
    return 1;
  };
  const found = await discoverAgeIdentities({ projectDir: loaded.root, env: process.env });
  const bundle = await readClusterBundle(loaded.root, found.identities, found.searched);
  if (!bundle.ok) {
    const where = relative(process.cwd(), clusterBundlePath(loaded.root)) || TALOS_SECRETS_FILE;
    if (bundle.reason === "missing") {
      r.report("readFailed", model.span, `there is no Talos secrets bundle ${where} yet; for a new cluster run \`labc build --new-cluster\` first: it makes the bundle once, and \`labc talos config\` only reads it; for a running cluster restore its bundle or adopt it with \`labc talos import-secrets\``);
    } else if (bundle.reason === "undecryptable") {
      r.report("undecryptable", model.span, `cannot decrypt ${where}: ${bundle.message}`);
    } else {
      r.report("readFailed", model.span, `${where}: ${bundle.message}; restore it from Git, or adopt a good one with \`labc talos import-secrets\``);
    }
    return fail();
  }

  let configs: NodeConfigFile[];
  try {
    configs = renderNodeConfigs(model, bundle.bundle, node ? [node] : model.nodes);
  } catch (error) {
    if (error instanceof UnsupportedTalosVersionError) r.report("unsupportedVersion", model.span, error.message);
    else r.report("internalError", model.span, `labc failed while generating machine configs: ${(error as Error).message}`);
    return fail();
  }

  const dir = join(target.out, CLUSTERCONFIG_DIR);
  // Only a regular file is read (a FIFO would block); anything else is a WriteError, LAB5001.
  // The output is a build's too: its swap and these writes must not interleave.
  let lock;
  try {
    lock = lockProject(loaded.root, "labc talos config");
  } catch (error) {
    if (!(error instanceof LockBusy)) throw error;
    process.stderr.write(`labc talos config: ${error.message}; nothing was written\n`);
    return 1;
  }
  if (lock.note) process.stderr.write(`note: ${lock.note}\n`);
  let talosconfig;
  let result;
  try {
    talosconfig = await talosconfigFor(model, bundle.bundle, readPreviousOutput(target.out, `${CLUSTERCONFIG_DIR}/${TALOSCONFIG_FILE}`));
    result = writePrivateFiles(dir, [...configs.map((c) => ({ name: c.name, content: c.content })), { name: TALOSCONFIG_FILE, content: talosconfig.text }]);
  } finally {
    lock.release();
  }

  const shown = relative(process.cwd(), dir) || ".";
  const count = `${configs.length} machine config${configs.length === 1 ? "" : "s"}`;
  process.stdout.write(`wrote ${shown}/: ${count} and ${TALOSCONFIG_FILE}, ${result.changed.length} changed\n`);
  process.stdout.write(
    talosconfig.reused
      ? `note: ${TALOSCONFIG_FILE} keeps its admin certificate (still valid; delete the file for a new one)\n`
      : `note: ${TALOSCONFIG_FILE} holds a new admin certificate, valid for one year\n`,
  );
  process.stdout.write(`note: these files hold the cluster's private keys in plaintext (mode 0600). Never commit or share them: the generated .gitignore excludes ${CLUSTERCONFIG_DIR}/\n`);
  return 0;
}
