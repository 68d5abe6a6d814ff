import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "./usage-error.js";
import type { CommandSpec, FlagValues } from "./usage/spec.js";

/**
 * node:util parseArgs driven by the command's entry in the command table (so a flag the help
 * does not list cannot be accepted), with labc's error wording.
 */
export function parseCommandArgs<S extends CommandSpec>(args: string[], spec: S): { values: FlagValues<S["flags"]>; positionals: string[] } {
  const options: NonNullable<ParseArgsConfig["options"]> = {};
  for (const f of spec.flags) options[f.long] = { type: f.value === undefined ? "boolean" : "string", ...(f.short ? { short: f.short } : {}), ...(f.multiple ? { multiple: true } : {}) };
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    const message = (error as Error).message.replace(/^TypeError \[\w+\]: /, "").replace(/\. To specify a positional argument starting with a '-', place it at the end of the command after '--', as in '-- "[^"]*"\.?$/, "");
    throw new UsageError(`${message}; run 'labc ${spec.path.join(" ")} --help' for its flags`);
  }
  if (parsed.positionals.length > spec.maxOperands) throw new UsageError(`unexpected argument '${parsed.positionals[spec.maxOperands]}'; run 'labc ${spec.path.join(" ")} --help' for its usage`);
  return { values: parsed.values as FlagValues<S["flags"]>, positionals: parsed.positionals };
}

/** `--format`, checked against the flag's listed values; `--json` (kept from earlier labc) means json. */
export function formatFlag<const T extends string>(values: { format?: string; json?: boolean }, allowed: readonly T[]): T {
  const format = values.format ?? (values.json ? "json" : allowed[0]!);
  if (!(allowed as readonly string[]).includes(format)) throw new UsageError(`--format takes ${allowed.join(", ")}, not '${format}'`);
  if (values.json && format !== "json") throw new UsageError(`--json and --format ${format} disagree; give one`);
  return format as T;
}
