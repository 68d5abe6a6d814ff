import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "./usage-error.js";

/** node:util parseArgs with labc's error wording. */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig["options"]>>(args: string[], options: T, maxPositionals: number) {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/^TypeError \[\w+\]: /, ""));
  }
  if (parsed.positionals.length > maxPositionals) throw new UsageError(`unexpected argument '${parsed.positionals[maxPositionals]}'`);
  return parsed;
}
