import { LABC_VERSION } from "../version.js";
import { UsageError } from "./usage-error.js";
import { findCommand } from "./usage/command-table.js";
import { commandHelp, topLevelHelp } from "./usage/render-help.js";
import { describeFsError, WriteError } from "../files/write-error.js";
import { ALLOW_OUTSIDE_ENV, ALLOW_OUTSIDE_FLAG } from "../files/confine.js";
import { EntryReadError } from "../files/entry-read-error.js";
import { codes } from "../../lang/diagnostics/codes.js";

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
  help: async () => runHelp,
  completion: async () => (await import("./commands/completion.js")).runCompletion,
};

/** The commands main can run; a test holds them equal to the command table's. */
export function runnableCommands(): string[] {
  return Object.keys(commands);
}

/** Runs one CLI invocation and returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const args = withoutGlobalFlags(argv);
  const [first, ...rest] = args;
  if (first === undefined || first === "--help" || first === "-h") {
    process.stdout.write(`${topLevelHelp()}\n`);
    return first === undefined ? 2 : 0;
  }
  // -v is the version and nothing else: no command has a -v of its own.
  if (first === "--version" || first === "-v") {
    process.stdout.write(`${LABC_VERSION}\n`);
    return 0;
  }
  const load = commands[first];
  if (!load) {
    process.stderr.write(`labc: unknown command '${first}'; run 'labc --help' for the list\n`);
    return 2;
  }
  // --help anywhere before `--` is answered from the command table, without loading the command.
  const found = findCommand(args);
  const end = args.indexOf("--");
  if (found && args.slice(found.used, end === -1 ? undefined : end).some((a) => a === "--help" || a === "-h")) {
    process.stdout.write(`${commandHelp(found.spec)}\n`);
    return 0;
  }
  if (found?.spec.subcommands) {
    const sub = args[found.used];
    if (sub === undefined || sub === "help") {
      process.stdout.write(`${commandHelp(found.spec)}\n`);
      return sub === undefined ? 2 : 0;
    }
    const names = found.spec.subcommands.map((s) => s.path.at(-1));
    process.stderr.write(`labc ${first}: unknown subcommand '${sub}'; use one of: ${names.join(", ")}${found.spec.subcommandHint ? `; ${found.spec.subcommandHint}` : ""} (see 'labc ${first} --help')\n`);
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
    // An errno a command let through (init and import write their files directly) is still the
    // environment's to fix, never an internal error: one line naming the path, exit 1.
    const fsError = asFsError(error);
    if (fsError) {
      const reading = READ_SYSCALLS.has(fsError.syscall);
      process.stderr.write(`labc ${first}: error ${reading ? codes.readFailed.code : codes.writeFailed.code}: cannot ${fsError.syscall} ${fsError.path}: ${describeFsError(fsError)}\n`);
      return 1;
    }
    if (error instanceof EntryReadError) {
      process.stderr.write(`${error.path}: error ${codes.readFailed.code}: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

const READ_SYSCALLS = new Set(["read", "scandir", "stat", "lstat", "readlink", "access"]);

function asFsError(error: unknown): (NodeJS.ErrnoException & { syscall: string; path: string }) | undefined {
  const e = error as NodeJS.ErrnoException;
  return error instanceof Error && typeof e.code === "string" && typeof e.syscall === "string" && typeof e.path === "string" ? (e as NodeJS.ErrnoException & { syscall: string; path: string }) : undefined;
}

/** `labc help [COMMAND [SUBCOMMAND]]`: the same text as `--help`. */
async function runHelp(args: string[]): Promise<number> {
  if (args.length === 0) {
    process.stdout.write(`${topLevelHelp()}\n`);
    return 0;
  }
  const found = findCommand(args);
  if (!found || found.used < args.length) {
    process.stderr.write(`labc help: no command 'labc ${args.join(" ")}'; run 'labc --help' for the list\n`);
    return 2;
  }
  process.stdout.write(`${commandHelp(found.spec)}\n`);
  return 0;
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
