import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import { CLUSTERCONFIG_DIR, TALOSCONFIG_FILE } from "../../emit/talos/index.js";
import { TALOSCTL_ACTIONS, TalosctlSelectionError, findNode, isTalosctlAction, loadCluster, nodeNames, talosctlCommands } from "../../talos-cli/index.js";
import { parseCommandArgs } from "../args.js";
import { talosCommands as spec } from "../usage/command-table.js";
import { printDiagnostics } from "../terminal.js";
import { resolveTarget } from "../target.js";
import { UsageError } from "../usage-error.js";

function display(path: string): string {
  return relative(process.cwd(), path) || ".";
}

/**
 * `labc talos commands ACTION`: the talosctl lines on stdout, nothing else, so they can be piped
 * to a shell; diagnostics and hints go to stderr.
 */
export async function runTalosCommands(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, spec);
  const action = positionals[0];
  if (action === undefined || !isTalosctlAction(action)) {
    throw new UsageError(`${action === undefined ? "missing action" : `unknown action '${action}'`}; use one of: ${TALOSCTL_ACTIONS.join(", ")}`);
  }
  const target = await resolveTarget(positionals[1], values.out);
  const loaded = loadCluster(target.entry);
  printDiagnostics(loaded.diagnostics, loaded.sources);
  const model = loaded.model;
  if (!model) {
    process.stderr.write(`labc talos commands: ${target.entry} has errors\n`);
    return 1;
  }
  const node = values.node === undefined ? undefined : findNode(model, values.node);
  if (values.node !== undefined && !node) throw new UsageError(`no node '${values.node}' in ${target.entry}; the nodes are: ${nodeNames(model)}`);

  const dir = join(target.out, CLUSTERCONFIG_DIR);
  let lines: string[];
  try {
    lines = talosctlCommands(model, action, {
      configDir: display(dir),
      kubeconfigPath: display(join(target.out, "kubeconfig")),
      ...(node ? { node } : {}),
      ...(values.insecure ? { insecure: true } : {}),
    });
  } catch (error) {
    if (error instanceof TalosctlSelectionError) throw new UsageError(error.message);
    throw error;
  }
  if (!existsSync(join(dir, TALOSCONFIG_FILE))) {
    process.stderr.write(`note: ${display(dir)}/ has no ${TALOSCONFIG_FILE} yet; run \`labc talos config\` before these commands\n`);
  }
  process.stdout.write(lines.map((l) => `${l}\n`).join(""));
  return 0;
}
