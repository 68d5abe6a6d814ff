/**
 * The shape of labc's command table: every command's operands and flags, written once. The
 * argument parser, `--help`, `labc help` and the shell completion scripts all read the table, so
 * none of them can promise a flag the others do not know.
 */

/** What a shell should offer for a value: files, folders, or a fixed list of words. */
export type Completion = "file" | "dir" | "none" | readonly string[];

export interface FlagSpec {
  readonly long: string;
  readonly short?: string;
  /** The placeholder of the flag's value (`dir`, `seconds`); absent for a switch. */
  readonly value?: string;
  readonly multiple?: boolean;
  readonly complete?: Completion;
  /** The command does not run without it (`labc lsp --stdio`). */
  readonly required?: boolean;
  readonly help: string;
}

export interface CommandSpec {
  /** The words after `labc`: `["secret", "rotate"]`. */
  readonly path: readonly string[];
  /** The operands as the synopsis shows them: `[file]`, `NAME [-f cluster.lab]` is not one. */
  readonly operands: string;
  readonly maxOperands: number;
  /** What the shell offers for the first operand (and the second, when it differs). */
  readonly operandCompletion?: readonly Completion[];
  /** One line, for the command lists. */
  readonly summary: string;
  /** More, for the command's own --help. */
  readonly details?: string;
  readonly flags: readonly FlagSpec[];
  /** Reads a project, so `--allow-outside-project` applies. */
  readonly readsProject?: boolean;
  readonly subcommands?: readonly CommandSpec[];
  /** Said after "unknown subcommand", when a likely mistake has a known way out. */
  readonly subcommandHint?: string;
}

type FlagValue<F> = F extends { readonly value: string } ? (F extends { readonly multiple: true } ? string[] : string) : boolean;

/** The parsed values of a command's flags, typed from its table entry. */
export type FlagValues<Fs extends readonly FlagSpec[]> = { [F in Fs[number] as F["long"]]?: FlagValue<F> };
