import { parseCommandArgs } from "../args.js";
import { completion } from "../usage/command-table.js";
import { completionScript, SHELLS, type Shell } from "../usage/completion-script.js";
import { UsageError } from "../usage-error.js";

/** `labc completion bash|zsh|fish`: the completion script, generated from the command table. */
export async function runCompletion(args: string[]): Promise<number> {
  const { positionals } = parseCommandArgs(args, completion);
  const shell = positionals[0];
  if (shell === undefined || !(SHELLS as readonly string[]).includes(shell)) {
    throw new UsageError(`${shell === undefined ? "missing the shell" : `no completion for '${shell}'`}; use one of: ${SHELLS.join(", ")}`);
  }
  process.stdout.write(completionScript(shell as Shell));
  return 0;
}
