import { existsSync, readFileSync } from "node:fs";
import { SopsFormatError, SopsMacMismatchError, SopsValueAuthError } from "../../../secrets/errors.js";
import { decryptSops, type SopsFormat } from "../../../secrets/sops/index.js";
import { renderPlaintext } from "../../../secrets-store/plaintext.js";
import { formatForPath } from "../../../secrets-store/sops-file-format.js";
import { parseCommandArgs } from "../../args.js";
import { secretDecrypt as spec } from "../../usage/command-table.js";
import { UsageError } from "../../usage-error.js";
import { reportFailures } from "./common.js";
import { keysForFile } from "./file-keys.js";

const FORMATS: readonly SopsFormat[] = ["yaml", "json", "dotenv", "binary"];

/**
 * `labc secret decrypt FILE`: any SOPS file (YAML, JSON, dotenv, binary), to stdout, only after
 * every value and the MAC check out, as `sops decrypt` does. A tampered file prints nothing.
 */
export async function runSecretDecrypt(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, spec);
  const path = positionals[0];
  if (path === undefined) throw new UsageError("missing FILE: labc secret decrypt FILE [--input-type yaml|json|dotenv|binary]");
  const type = values["input-type"];
  if (type !== undefined && !FORMATS.includes(type as SopsFormat)) throw new UsageError(`--input-type takes ${FORMATS.join(", ")}, not '${type}'`);
  if (!existsSync(path)) throw new UsageError(`${path}: no such file`);
  const text = readFileSync(path, "utf8");
  return reportFailures("decrypt", async () => {
    const keys = await keysForFile(path);
    try {
      const file = await decryptSops(text, { format: (type as SopsFormat | undefined) ?? formatForPath(path), identities: keys.identities, searched: keys.searched });
      process.stdout.write(renderPlaintext(file));
      return 0;
    } catch (error) {
      if (error instanceof SopsMacMismatchError || error instanceof SopsValueAuthError) {
        process.stderr.write(`labc secret decrypt: ${path} was altered after it was encrypted (${error.message}); nothing was printed. Restore it from Git, or re-create it\n`);
        return 1;
      }
      if (error instanceof SopsFormatError) {
        process.stderr.write(`labc secret decrypt: ${path} is not a SOPS file (${error.message})\n`);
        return 1;
      }
      throw error;
    }
  });
}
