import { UsageError } from "../usage-error.js";

type Subcommand = (args: string[]) => Promise<number>;

const subcommands: Record<string, () => Promise<Subcommand>> = {
  config: async () => (await import("./talos-config.js")).runTalosConfig,
  "import-secrets": async () => (await import("./talos-import-secrets.js")).runTalosImportSecrets,
  commands: async () => (await import("./talos-commands.js")).runTalosCommands,
};

/**
 * `labc talos <subcommand>`; each subcommand loads lazily, like the top-level commands. Help and
 * unknown subcommands are answered by main from the command table before this runs.
 */
export async function runTalos(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const load = sub === undefined ? undefined : subcommands[sub];
  if (!load) throw new UsageError(`unknown subcommand '${sub}'; use one of: ${Object.keys(subcommands).join(", ")}`);
  return (await load())(rest);
}
