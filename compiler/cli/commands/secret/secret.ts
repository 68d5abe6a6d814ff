import { UsageError } from "../../usage-error.js";

type Subcommand = (args: string[]) => Promise<number>;

const subcommands: Record<string, () => Promise<Subcommand>> = {
  set: async () => (await import("./set.js")).runSecretSet,
  list: async () => (await import("./list.js")).runSecretList,
  get: async () => (await import("./get.js")).runSecretGet,
  rm: async () => (await import("./rm.js")).runSecretRm,
  regenerate: async () => (await import("./regenerate.js")).runSecretRegenerate,
  decrypt: async () => (await import("./decrypt.js")).runSecretDecrypt,
  edit: async () => (await import("./edit.js")).runSecretEdit,
  rotate: async () => (await import("./rotate.js")).runSecretRotate,
};

/**
 * `labc secret <subcommand>`; each subcommand loads lazily, like the top-level commands. Help and
 * unknown subcommands are answered by main from the command table before this runs.
 */
export async function runSecret(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const load = sub === undefined ? undefined : subcommands[sub];
  if (!load) throw new UsageError(`unknown subcommand '${sub}'; use one of: ${Object.keys(subcommands).join(", ")}`);
  return (await load())(rest);
}
