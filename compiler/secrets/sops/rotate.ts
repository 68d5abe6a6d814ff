// `sops rotate`: same cleartext (comments included), fresh data key, optionally new recipients.
// A recipient change should always come with a rotation, since a removed recipient may have kept
// the old data key.
import { SopsInputError } from "../errors.js";
import { decryptSops } from "./decrypt.js";
import { encryptBranchesToYaml } from "./encrypt.js";

export interface RotateOptions {
  /** Identities that can open the file. */
  readonly identities: readonly string[];
  /** New recipients; defaults to the file's current age recipients. */
  readonly recipients?: readonly string[];
  readonly now?: () => Date;
  readonly indent?: number;
  readonly searched?: readonly string[];
}

/** Re-encrypts a sops YAML file with a fresh data key, keeping its selector and MAC mode. */
export async function rotateSops(text: string, options: RotateOptions): Promise<string> {
  const file = await decryptSops(text, { format: "yaml", identities: options.identities, searched: options.searched });
  let recipients = options.recipients;
  if (recipients === undefined) {
    const groups = file.metadata.keyGroups;
    if (groups.length !== 1 || groups[0]!.others.length > 0) {
      throw new SopsInputError("the file uses key groups or non-age keys; pass the age recipients to rotate to");
    }
    recipients = groups[0]!.age.map((a) => a.recipient);
  }
  const result = await encryptBranchesToYaml(
    file.branches,
    {
      recipients,
      selector: file.metadata.selector,
      macOnlyEncrypted: file.metadata.macOnlyEncrypted,
      now: options.now,
      indent: options.indent,
    },
    false,
  );
  return result.text;
}
