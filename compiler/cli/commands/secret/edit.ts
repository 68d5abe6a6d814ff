import { accessSync, constants, existsSync, readFileSync, statSync } from "node:fs";
import { basename, delimiter, dirname, join, relative, resolve } from "node:path";
import { LockBusy, lockProject } from "../../../build/project-lock.js";
import { splitCommandLine } from "../../../secrets/age/identity-sources.js";
import { SopsFormatError, SopsInputError } from "../../../secrets/errors.js";
import { writeFileAtomically } from "../../../files/write-file.js";
import { EditorError, EditSession, editorCommand } from "../../../secrets-store/edit-session.js";
import { openForEdit } from "../../../secrets-store/reencrypt-edited.js";
import { formatForPath } from "../../../secrets-store/sops-file-format.js";
import { PromptAborted, promptHidden } from "../../../secrets-store/read-value.js";
import { parseCommandArgs } from "../../args.js";
import { secretEdit as spec } from "../../usage/command-table.js";
import { UsageError } from "../../usage-error.js";
import { reportFailures } from "./common.js";
import { keysForFile } from "./file-keys.js";

function onPath(name: string): boolean {
  return (process.env["PATH"] ?? "").split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** `secret.sops.yaml` → `secret.yaml`: editors highlight it, and sops editor plugins leave it alone. */
function scratchName(path: string): string {
  return basename(path).replace(/\.sops(\.[^.]+)$/, "$1");
}

/** The folder of the labc project holding `path` (the nearest with cluster.lab or lab.config.ts), if any. */
function projectRootOf(path: string): string | undefined {
  for (let dir = dirname(resolve(path)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, "cluster.lab")) || existsSync(join(dir, "lab.config.ts"))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * Writes the re-encrypted file only if it still holds what the editor was given, under the
 * project's lock, so an edit never silently undoes a write made while the editor was open.
 */
function writeUnlessChanged(path: string, opened: string, text: string, mode: number): boolean {
  const root = projectRootOf(path);
  let lock;
  try {
    lock = root === undefined ? undefined : lockProject(root, "labc secret edit");
  } catch (error) {
    if (!(error instanceof LockBusy)) throw error;
    // The edit lives only in memory: say it is gone, not just that the lock is taken.
    throw new LockBusy(`${error.message}; your edit of ${path} was not saved. Run 'labc secret edit' again once it has finished`, error.path);
  }
  try {
    if (readFileSync(path, "utf8") !== opened) return false;
    writeFileAtomically(path, text, mode);
    return true;
  } finally {
    lock?.release();
  }
}

/**
 * `labc secret edit FILE`, like `sops edit`: the cleartext goes to a 0600 file in a private temp
 * folder, $EDITOR runs on it, and the result is re-encrypted with the same data key, so values
 * the user did not touch keep their ciphertext. The scratch file is removed whatever happens.
 */
export async function runSecretEdit(args: string[]): Promise<number> {
  const { positionals } = parseCommandArgs(args, spec);
  const path = positionals[0];
  if (path === undefined) throw new UsageError("missing FILE: labc secret edit FILE");
  if (!existsSync(path)) throw new UsageError(`${path}: no such file (labc secret edit changes existing SOPS files; new store values go through 'labc secret set')`);
  if (formatForPath(path) !== "yaml") throw new UsageError(`${path}: labc secret edit handles SOPS YAML files; use 'sops edit' for JSON, dotenv and binary files`);
  const editor = editorCommand(process.env, splitCommandLine, onPath);
  const text = readFileSync(path, "utf8");
  const mode = statSync(path).mode & 0o777;
  return reportFailures("edit", async () => {
    const keys = await keysForFile(path);
    const editable = await openForEdit(text, keys.identities, keys.searched);
    const session = new EditSession(scratchName(path), editable.plaintext);
    try {
      for (;;) {
        try {
          await session.runEditor(editor);
        } catch (error) {
          if (!(error instanceof EditorError)) throw error;
          process.stderr.write(`labc secret edit: ${error.message}; ${path} was left as it was\n`);
          return 1;
        }
        const edited = session.read();
        if (edited === editable.plaintext) {
          process.stdout.write(`${path}: no changes\n`);
          return 0;
        }
        try {
          const result = await editable.reencrypt(edited);
          if (result.outcome === "unchanged") {
            process.stdout.write(`${path}: no changes to its values\n`);
            return 0;
          }
          if (!writeUnlessChanged(path, text, result.text, mode)) {
            process.stderr.write(`labc secret edit: ${path} changed while the editor was open (a build, 'labc secret set' or another editor wrote it); your edit was not saved, so nothing of the other change is lost. Run 'labc secret edit' again\n`);
            return 1;
          }
          process.stdout.write(`${relative(process.cwd(), path) || path}: re-encrypted; values you did not change kept their ciphertext\n`);
          return 0;
        } catch (error) {
          if (!(error instanceof SopsFormatError || error instanceof SopsInputError)) throw error;
          if (!process.stdin.isTTY) {
            process.stderr.write(`labc secret edit: ${error.message}; ${path} was left as it was\n`);
            return 1;
          }
          try {
            await promptHidden(`labc secret edit: ${error.message}. Press Enter to edit again, or Ctrl-C to discard your changes `);
          } catch (abort) {
            if (abort instanceof PromptAborted) {
              process.stderr.write(`${path} was left as it was\n`);
              return 1;
            }
            throw abort;
          }
        }
      }
    } finally {
      session.close();
    }
  });
}
