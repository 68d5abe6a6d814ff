import { UsageError } from "../../usage-error.js";

export const SECRET_HELP = `labc secret — the encrypted secret store beside cluster.lab, and any SOPS file

Usage:
  labc secret set NAME [-f cluster.lab]      store a value read from stdin, or typed at a hidden prompt
  labc secret list [-f cluster.lab] [--out dir] [--format text|json]
                                             names, sources and the outputs using them (never values)
  labc secret get NAME[.pub] [-f cluster.lab] print a stored value (NAME.pub: an SSH key's public half)
  labc secret rm NAME [-f cluster.lab]       remove a value from the store
  labc secret regenerate NAME [-f cluster.lab]
                                             a new value for a generate(…) secret or the deploy key
  labc secret decrypt FILE [--input-type yaml|json|dotenv|binary]
                                             print a SOPS file's cleartext; a tampered file is an error
  labc secret edit FILE                      edit a SOPS YAML file in $EDITOR through a private temp file
  labc secret rotate [-f cluster.lab] [--out dir]
                                             fresh data keys for the store, the Talos bundle and the output

Values never come from the command line. The store is secrets.sops.yaml beside cluster.lab,
encrypted to the cluster's recipients; unchanged values keep their ciphertext on every write.`;

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

/** `labc secret <subcommand>`; each subcommand loads lazily, like the top-level commands. */
export async function runSecret(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === "--help" || sub === "-h" || sub === "help") {
    process.stdout.write(`${SECRET_HELP}\n`);
    return sub === undefined ? 2 : 0;
  }
  const load = subcommands[sub];
  if (!load) throw new UsageError(`unknown subcommand '${sub}'; use one of: ${Object.keys(subcommands).join(", ")}`);
  return (await load())(rest);
}
