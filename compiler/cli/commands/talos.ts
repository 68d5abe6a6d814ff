import { UsageError } from "../usage-error.js";

export const TALOS_HELP = `labc talos — Talos machine configs and talosctl commands, from cluster.lab

Usage:
  labc talos config [file] [--node NAME] [--out dir]
      write each node's machine config and talosconfig to <out>/talos/clusterconfig/
      (mode 0600, plaintext keys, ignored by git); needs the bundle \`labc build\` created
  labc talos import-secrets FILE [file] [--force]
      adopt an existing Talos secrets bundle (plain or SOPS-encrypted) as talsecret.sops.yaml
  labc talos commands ACTION [file] [--node NAME] [--out dir] [--insecure]
      print the talosctl command lines for ACTION, in order:
      apply | bootstrap | kubeconfig | upgrade | upgrade-k8s | reset`;

type Subcommand = (args: string[]) => Promise<number>;

const subcommands: Record<string, () => Promise<Subcommand>> = {
  config: async () => (await import("./talos-config.js")).runTalosConfig,
  "import-secrets": async () => (await import("./talos-import-secrets.js")).runTalosImportSecrets,
  commands: async () => (await import("./talos-commands.js")).runTalosCommands,
};

/** `labc talos <subcommand>`; each subcommand loads lazily, like the top-level commands. */
export async function runTalos(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === "--help" || sub === "-h" || sub === "help") {
    process.stdout.write(`${TALOS_HELP}\n`);
    return sub === undefined ? 2 : 0;
  }
  const load = subcommands[sub];
  if (!load) throw new UsageError(`unknown subcommand '${sub}'; use one of: ${Object.keys(subcommands).join(", ")}`);
  return (await load())(rest);
}
