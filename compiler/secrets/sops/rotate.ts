// `sops rotate`: same cleartext (comments included), fresh data key, optionally new recipients or
// key groups. A recipient change should always come with a rotation, since a removed recipient
// may have kept the old data key (or its group's share of it).
import { SopsInputError } from "../errors.js";
import { decryptSops } from "./decrypt.js";
import { encryptBranchesToYaml } from "./encrypt.js";
import { fileRecipientGroups, type RecipientOptions } from "./key-groups.js";

export interface RotateOptions extends RecipientOptions {
  /** Identities that can open the file (keys of enough groups when the data key is split). */
  readonly identities: readonly string[];
  readonly now?: () => Date;
  readonly indent?: number;
  readonly searched?: readonly string[];
}

/**
 * Re-encrypts a sops YAML file with a fresh data key, keeping its selector and MAC mode. Without
 * `recipients` or `keyGroups` the file keeps its own age key groups and threshold.
 */
export async function rotateSops(text: string, options: RotateOptions): Promise<string> {
  const file = await decryptSops(text, { format: "yaml", identities: options.identities, searched: options.searched });
  let keys: RecipientOptions = options;
  if (options.recipients === undefined && options.keyGroups === undefined) {
    const own = fileRecipientGroups(file.metadata.keyGroups, file.metadata.shamirThreshold);
    if (!own) throw new SopsInputError("the file has non-age master keys (pgp, kms, …); pass the age recipients to rotate to");
    keys = { keyGroups: own.groups, shamirThreshold: own.threshold };
  }
  const result = await encryptBranchesToYaml(
    file.branches,
    {
      recipients: keys.recipients,
      keyGroups: keys.keyGroups,
      shamirThreshold: keys.shamirThreshold,
      selector: file.metadata.selector,
      macOnlyEncrypted: file.metadata.macOnlyEncrypted,
      now: options.now,
      indent: options.indent,
    },
    false,
  );
  return result.text;
}
