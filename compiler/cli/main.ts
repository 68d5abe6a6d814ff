import { LABC_VERSION } from "../version.js";
import { UsageError } from "./usage-error.js";
import { WriteError } from "../files/write-error.js";
import { ALLOW_OUTSIDE_ENV, ALLOW_OUTSIDE_FLAG } from "../files/confine.js";
import { EntryReadError } from "../files/entry-read-error.js";
import { codes } from "../../lang/diagnostics/codes.js";

export const HELP = `labc ${LABC_VERSION} — compile cluster.lab into a Talos + Flux GitOps repository

Usage:
  labc build [file] [--out dir] [--watch] [--new-cluster] [--wait seconds]
                                         check, then write the repository (default: from lab.config.ts);
                                         --watch rebuilds whenever a .lab file of the project changes;
                                         --new-cluster makes the Talos secrets bundle of a new cluster
                                         (only when no copy exists beside cluster.lab, in the output or in Git);
                                         --wait (or LABC_LOCK_WAIT) waits that long for another labc
                                         writing the project instead of stopping at once
  labc check [file] [--format text|json] report diagnostics without writing anything
  labc init [dir]                        scaffold cluster.lab, an age key pair and .sops.yaml
  labc graph [file] [--format mermaid|dot|json] [--kind apps|architecture]
                                         draw the app dependency graph or the network architecture
  labc import REPO [--out cluster.lab] [--force]
                                         write the cluster.lab of a cluster-template-style repository
  labc fmt [--check] [files|dirs…]       format .lab files in place; --check lists unformatted ones
  labc lsp --stdio                       run the language server (for editors) over stdin/stdout
  labc bootstrap apps [file] [--out dir] [--kubeconfig f] [--context c] [--crds src]…
                                         wait for nodes, then namespaces, SOPS secrets, CRDs and
                                         helmfile sync; safe to re-run after an interruption
  labc status [file] [--watch] [--json]  each app's Flux Kustomization and HelmRelease readiness
  labc diff [file] [--out dir]           drift between the last build and the cluster, per app
  labc talos config [file] [--node N] [--out dir]
                                         write machine configs and talosconfig (plaintext keys, 0600)
  labc talos import-secrets FILE [file] [--force]
                                         adopt an existing Talos secrets bundle, stored encrypted
  labc talos commands ACTION [file] [--node N] [--insecure]
                                         print talosctl lines: apply, bootstrap, kubeconfig, upgrade,
                                         upgrade-k8s, reset
  labc secret set|list|get|rm NAME…      the encrypted secret store beside cluster.lab (see labc secret --help)
  labc secret decrypt|edit FILE          read or edit any SOPS file; labc secret rotate: fresh data keys
  labc --help | --version

Every command that reads a project takes ${ALLOW_OUTSIDE_FLAG} (or ${ALLOW_OUTSIDE_ENV}=1):
  let import and file(…) name files outside the project directory (refused by default)

Exit codes: 0 success, 1 diagnostics with errors, 2 usage or I/O error.
Colour is used on a terminal unless NO_COLOR is set.`;

type Command = (args: string[]) => Promise<number>;

const commands: Record<string, () => Promise<Command>> = {
  build: async () => (await import("./commands/build.js")).runBuild,
  check: async () => (await import("./commands/check.js")).runCheck,
  init: async () => (await import("./commands/init.js")).runInit,
  fmt: async () => (await import("./commands/fmt.js")).runFmt,
  lsp: async () => (await import("./commands/lsp.js")).runLsp,
  talos: async () => (await import("./commands/talos.js")).runTalos,
  bootstrap: async () => (await import("./commands/bootstrap.js")).runBootstrap,
  status: async () => (await import("./commands/status.js")).runStatus,
  diff: async () => (await import("./commands/diff.js")).runDiff,
  secret: async () => (await import("./commands/secret/secret.js")).runSecret,
  graph: async () => (await import("./commands/graph.js")).runGraph,
  import: async () => (await import("./commands/import.js")).runImport,
};

/** Runs one CLI invocation and returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = withoutGlobalFlags(argv);
  if (first === undefined || first === "--help" || first === "-h" || first === "help") {
    process.stdout.write(`${HELP}\n`);
    return first === undefined ? 2 : 0;
  }
  if (first === "--version" || first === "-v") {
    process.stdout.write(`${LABC_VERSION}\n`);
    return 0;
  }
  const load = commands[first];
  if (!load) {
    process.stderr.write(`labc: unknown command '${first}'; run 'labc --help' for the list\n`);
    return 2;
  }
  try {
    return await (await load())(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`labc ${first}: ${error.message}\n`);
      return 2;
    }
    // A file that cannot be written (permissions, a full disk, a folder in the way) is the
    // user's to fix, not a bug: one line naming the path (LAB5001), exit 1.
    if (error instanceof WriteError) {
      process.stderr.write(`labc ${first}: error LAB5001: ${error.message}\n`);
      return 1;
    }
    if (error instanceof EntryReadError) {
      process.stderr.write(`${error.path}: error ${codes.readFailed.code}: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

/**
 * Flags every command takes, wherever they stand: the opt-out of project confinement is
 * recorded in the environment, so each command's compile (and any labc it starts) sees it.
 */
function withoutGlobalFlags(argv: string[]): string[] {
  const end = argv.indexOf("--");
  const head = end === -1 ? argv : argv.slice(0, end);
  if (!head.includes(ALLOW_OUTSIDE_FLAG)) return argv;
  process.env[ALLOW_OUTSIDE_ENV] = "1";
  return [...head.filter((a) => a !== ALLOW_OUTSIDE_FLAG), ...(end === -1 ? [] : argv.slice(end))];
}
