import { TALOSCTL_ACTIONS } from "../../talos-cli/talosctl-actions.js";
import type { CommandSpec, FlagSpec } from "./spec.js";

/**
 * Every command, subcommand and flag of labc, once. This module imports nothing heavy: `--help`
 * and `labc completion` are answered from it without loading a command.
 */

const out = { long: "out", short: "o", value: "dir", complete: "dir", help: "the generated repository (default: lab.config.ts's out)" } as const;
const projectFile = { long: "file", short: "f", value: "cluster.lab", complete: "file", help: "the project (default: lab.config.ts's entry, else ./cluster.lab)" } as const;
const textOrJson = { long: "format", value: "text|json", complete: ["text", "json"], help: "text for people (default), json for scripts" } as const;
const jsonAlias = { long: "json", help: "the same as --format json" } as const;
const clusterFlags = [
  out,
  { long: "kubeconfig", value: "file", complete: "file", help: "the kubeconfig (default: <out>/kubeconfig, $KUBECONFIG, ~/.kube/config)" },
  { long: "context", value: "name", complete: "none", help: "the kubeconfig context (default: its current-context)" },
] as const;

export const build = {
  path: ["build"],
  operands: "[file]",
  maxOperands: 1,
  operandCompletion: ["file"],
  summary: "check, then write the repository",
  details: `Checks cluster.lab (default: lab.config.ts's entry) and writes the GitOps repository into the
output folder, atomically: nothing is written unless every check passes. A rebuild that changes
nothing touches nothing.`,
  readsProject: true,
  flags: [
    out,
    { long: "watch", short: "w", help: "rebuild whenever a .lab file of the project changes" },
    { long: "new-cluster", help: "make the Talos secrets bundle of a new cluster (only when no copy exists beside cluster.lab, in the output or in Git)" },
    { long: "dry-run", help: "print what would be added, changed and removed; write nothing, anywhere" },
    { long: "wait", value: "seconds", complete: "none", help: "wait that long for another labc writing the project (or LABC_LOCK_WAIT)" },
    textOrJson,
  ],
} as const satisfies CommandSpec;

export const check = {
  path: ["check"],
  operands: "[file]",
  maxOperands: 1,
  operandCompletion: ["file"],
  summary: "report diagnostics; needs no keys and writes nothing",
  readsProject: true,
  flags: [
    { long: "format", value: "text|json|github", complete: ["text", "json", "github"], help: "text for people (default), json for scripts, github for GitHub Actions annotations" },
    { ...out, help: "also check the SOPS files of this built output" },
  ],
} as const satisfies CommandSpec;

export const init = {
  path: ["init"],
  operands: "[dir]",
  maxOperands: 1,
  operandCompletion: ["dir"],
  summary: "scaffold cluster.lab, an age key pair and .sops.yaml",
  details: "Never overwrites: an existing age.key is reused, an existing cluster.lab refused.",
  flags: [],
} as const satisfies CommandSpec;

export const fmt = {
  path: ["fmt"],
  operands: "[files|dirs…]",
  maxOperands: Number.POSITIVE_INFINITY,
  operandCompletion: ["file"],
  summary: "format .lab files in place (idempotent, keeps comments)",
  details: "Without operands: the project's entry and the files it imports. `labc fmt -` formats stdin to stdout.",
  readsProject: true,
  flags: [{ long: "check", help: "list the files that are not formatted and exit 1; change nothing" }, textOrJson],
} as const satisfies CommandSpec;

export const lsp = {
  path: ["lsp"],
  operands: "",
  maxOperands: 0,
  summary: "run the language server (for editors) over stdin/stdout",
  flags: [{ long: "stdio", required: true, help: "speak LSP over stdin and stdout (required)" }],
} as const satisfies CommandSpec;

export const graph = {
  path: ["graph"],
  operands: "[file]",
  maxOperands: 1,
  operandCompletion: ["file"],
  summary: "draw the app dependency graph or the network architecture",
  readsProject: true,
  flags: [
    { long: "format", value: "mermaid|dot|json", complete: ["mermaid", "dot", "json"], help: "the drawing's language (default: mermaid)" },
    { long: "kind", short: "k", value: "apps|architecture", complete: ["apps", "architecture"], help: "what to draw (default: apps)" },
  ],
} as const satisfies CommandSpec;

export const importRepo = {
  path: ["import"],
  operands: "REPO",
  maxOperands: 1,
  operandCompletion: ["dir"],
  summary: "write the cluster.lab of a cluster-template-style repository, and its store given the age key",
  flags: [
    { long: "out", short: "o", value: "file", complete: "file", help: "where to write it (default: cluster.lab)" },
    { long: "force", help: "overwrite an existing file" },
  ],
} as const satisfies CommandSpec;

export const bootstrapApps = {
  path: ["bootstrap", "apps"],
  operands: "[file]",
  maxOperands: 1,
  operandCompletion: ["file"],
  summary: "wait for the nodes, then namespaces, SOPS secrets, CRDs and helmfile sync",
  details: "Safe to re-run after an interruption. Talos itself is bootstrapped with `labc talos commands bootstrap`.",
  readsProject: true,
  flags: [
    ...clusterFlags,
    { long: "crds", value: "file|dir|url", multiple: true, complete: "file", help: "CRD sources to apply first (repeatable; default: the pinned ones)" },
    { long: "timeout", value: "duration", complete: "none", help: "how long to wait for the nodes (default: 10m)" },
    { long: "force-conflicts", help: "take over fields another manager owns" },
    { long: "resync", help: "run helmfile sync again even where it has run" },
    { long: "verbose", help: "print each step's detail" },
  ],
} as const satisfies CommandSpec;

export const bootstrap = {
  path: ["bootstrap"],
  operands: "STEP",
  maxOperands: 0,
  summary: "day 2: bring the apps up on a fresh cluster",
  flags: [],
  subcommands: [bootstrapApps],
  subcommandHint: "Talos is bootstrapped with `labc talos commands bootstrap`",
} as const satisfies CommandSpec;

export const status = {
  path: ["status"],
  operands: "[file]",
  maxOperands: 1,
  operandCompletion: ["file"],
  summary: "each app's Flux Kustomization and HelmRelease readiness",
  details: "Exit 0 when every app is ready, 1 when one is not, 2 when the cluster cannot be read.",
  readsProject: true,
  flags: [...clusterFlags, { long: "watch", short: "w", help: "follow changes until Ctrl-C (json: one document per line)" }, textOrJson, jsonAlias],
} as const satisfies CommandSpec;

export const diff = {
  path: ["diff"],
  operands: "[file]",
  maxOperands: 1,
  operandCompletion: ["file"],
  summary: "drift between the last build and the cluster, per app",
  details: "Exit 0 in sync, 1 drift, 2 when the build or the cluster cannot be read (as kubectl diff).",
  readsProject: true,
  flags: [...clusterFlags, textOrJson, jsonAlias],
} as const satisfies CommandSpec;

const node = { long: "node", value: "name", complete: "none", help: "only this node" } as const;

export const talosConfig = {
  path: ["talos", "config"],
  operands: "[file]",
  maxOperands: 1,
  operandCompletion: ["file"],
  summary: "write machine configs and talosconfig (plaintext keys, mode 0600, ignored by git)",
  details: "Writes <out>/talos/clusterconfig/; needs the bundle `labc build --new-cluster` made.",
  readsProject: true,
  flags: [node, out],
} as const satisfies CommandSpec;

export const talosImportSecrets = {
  path: ["talos", "import-secrets"],
  operands: "FILE [file]",
  maxOperands: 2,
  operandCompletion: ["file", "file"],
  summary: "adopt an existing Talos secrets bundle, stored encrypted",
  readsProject: true,
  flags: [{ long: "force", help: "replace a different bundle already there" }],
} as const satisfies CommandSpec;

export const talosCommands = {
  path: ["talos", "commands"],
  operands: "ACTION [file]",
  maxOperands: 2,
  operandCompletion: [TALOSCTL_ACTIONS, "file"],
  summary: `print the talosctl lines for ACTION: ${TALOSCTL_ACTIONS.join(", ")}`,
  readsProject: true,
  flags: [node, out, { long: "insecure", help: "talk to nodes in maintenance mode (apply only)" }],
} as const satisfies CommandSpec;

export const talos = {
  path: ["talos"],
  operands: "SUBCOMMAND",
  maxOperands: 0,
  summary: "machine configs, the Talos PKI, talosctl lines",
  flags: [],
  subcommands: [talosConfig, talosImportSecrets, talosCommands],
} as const satisfies CommandSpec;

const secretName = (name: string, summary: string, extra: Partial<CommandSpec> = {}) =>
  ({ path: ["secret", name], operands: "NAME", maxOperands: 1, operandCompletion: ["none"], summary, readsProject: true, flags: [projectFile], ...extra }) as const;

export const secretSet = {
  ...secretName("set", "store a value read from stdin, or typed at a hidden prompt"),
  details: "Values never come from the command line, where shell history and other users see them.",
  // Any extra word may be the value itself: the command refuses it without echoing it.
  maxOperands: Number.POSITIVE_INFINITY,
} as const satisfies CommandSpec;
export const secretList = {
  path: ["secret", "list"],
  operands: "",
  maxOperands: 0,
  summary: "names, sources and the outputs using them (never values)",
  readsProject: true,
  flags: [projectFile, out, textOrJson],
} as const satisfies CommandSpec;
export const secretGet = { ...secretName("get", "print a stored value (NAME.pub: an SSH key's public half)"), operands: "NAME[.pub]" } as const satisfies CommandSpec;
export const secretRm = secretName("rm", "remove a value from the store") satisfies CommandSpec;
export const secretRegenerate = secretName("regenerate", "a new value for a generate(…) secret or the deploy key") satisfies CommandSpec;
export const secretDecrypt = {
  path: ["secret", "decrypt"],
  operands: "FILE",
  maxOperands: 1,
  operandCompletion: ["file"],
  summary: "print a SOPS file's cleartext; a tampered file is an error",
  flags: [{ long: "input-type", value: "yaml|json|dotenv|binary", complete: ["yaml", "json", "dotenv", "binary"], help: "the file's format (default: from its name)" }],
} as const satisfies CommandSpec;
export const secretEdit = {
  path: ["secret", "edit"],
  operands: "FILE",
  maxOperands: 1,
  operandCompletion: ["file"],
  summary: "edit a SOPS YAML file in $EDITOR through a private temp file",
  flags: [],
} as const satisfies CommandSpec;
export const secretRotate = {
  path: ["secret", "rotate"],
  operands: "",
  maxOperands: 0,
  summary: "fresh data keys for the store, the Talos bundle and the built output",
  details: `Values stay the same; every file is rotated, or none. The output is --out, else lab.config.ts's
out, else ./out; when none of these holds a build, only the files beside cluster.lab are
rotated, and the command says so.`,
  readsProject: true,
  flags: [projectFile, out, textOrJson],
} as const satisfies CommandSpec;

export const secret = {
  path: ["secret"],
  operands: "SUBCOMMAND",
  maxOperands: 0,
  summary: "the encrypted secret store beside cluster.lab, and any SOPS file",
  details: `The store is secrets.sops.yaml beside cluster.lab, encrypted to the cluster's recipients;
unchanged values keep their ciphertext on every write.`,
  flags: [],
  subcommands: [secretSet, secretList, secretGet, secretRm, secretRegenerate, secretDecrypt, secretEdit, secretRotate],
} as const satisfies CommandSpec;

export const help = {
  path: ["help"],
  operands: "[command [subcommand]]",
  maxOperands: 2,
  operandCompletion: [],
  summary: "print the help of labc, or of one command",
  flags: [],
} as const satisfies CommandSpec;

export const completion = {
  path: ["completion"],
  operands: "bash|zsh|fish",
  maxOperands: 1,
  operandCompletion: [["bash", "zsh", "fish"]],
  summary: "print a shell completion script",
  details: `bash:  source <(labc completion bash)        (e.g. in ~/.bashrc)
zsh:   source <(labc completion zsh)         (e.g. in ~/.zshrc, after compinit)
fish:  labc completion fish > ~/.config/fish/completions/labc.fish`,
  flags: [],
} as const satisfies CommandSpec;

/** The top-level commands, in the order `labc --help` lists them. */
export const COMMANDS: readonly CommandSpec[] = [build, check, init, fmt, lsp, graph, importRepo, secret, talos, bootstrap, status, diff, help, completion];

/** Flags every command takes: they are handled before a command runs. */
export const HELP_FLAG: FlagSpec = { long: "help", short: "h", help: "print this help" };

/** The command a path of words names, and how many of the words it took (the rest are its arguments). */
export function findCommand(words: readonly string[]): { spec: CommandSpec; used: number } | undefined {
  let spec: CommandSpec | undefined = COMMANDS.find((c) => c.path[0] === words[0]);
  if (!spec) return undefined;
  let used = 1;
  for (;;) {
    const sub: CommandSpec | undefined = spec.subcommands?.find((c) => c.path[used] === words[used]);
    if (!sub) return { spec, used };
    spec = sub;
    used++;
  }
}
