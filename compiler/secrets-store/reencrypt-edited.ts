import { SopsInputError } from "../secrets/errors.js";
import { decryptSops, fileRecipientGroups, type EncryptResult } from "../secrets/sops/index.js";
import { encryptBranchesToYaml } from "../secrets/sops/encrypt.js";
import { emitYamlDocuments } from "../secrets/sops/stores/yaml-writer.js";
import { readYamlDocuments } from "../secrets/sops/stores/yaml-reader.js";

/** The indentation of an existing sops YAML file (that of its `sops:` block), so an edit does not reformat it. */
export function yamlIndentOf(text: string): number {
  const m = /^sops:\r?\n( +)\S/m.exec(text);
  const n = m ? m[1]!.length : 2;
  return n >= 2 && n <= 9 ? n : 2;
}

export interface EditableFile {
  /** What goes into the scratch file: the cleartext documents, comments kept. */
  readonly plaintext: string;
  /** Re-encrypts the edited text like `sops edit`: same data key, unchanged values keep their IV and ciphertext. */
  reencrypt(edited: string): Promise<EncryptResult>;
}

/**
 * Opens a sops YAML file for editing. The file keeps its own recipients, key groups, selector and
 * MAC mode, as with `sops edit`; files with non-age master keys (pgp, kms, …) are left to sops.
 */
export async function openForEdit(text: string, identities: readonly string[], searched: readonly string[]): Promise<EditableFile> {
  const file = await decryptSops(text, { format: "yaml", identities, searched });
  const own = fileRecipientGroups(file.metadata.keyGroups, file.metadata.shamirThreshold);
  if (!own) throw new SopsInputError("the file uses non-age master keys (pgp, kms, …); edit it with 'sops edit'");
  const indent = yamlIndentOf(text);
  return {
    plaintext: emitYamlDocuments(file.branches, indent),
    async reencrypt(edited: string): Promise<EncryptResult> {
      const branches = readYamlDocuments(edited);
      if (branches.length === 0 || branches.every((b) => b.items.length === 0)) throw new SopsInputError("the edited file is empty");
      if (branches[0]!.items.some((i) => i.kind === "pair" && i.key === "sops")) {
        throw new SopsInputError("the edited file has a top-level 'sops' key, which is reserved for the metadata");
      }
      return encryptBranchesToYaml(branches, {
        keyGroups: own.groups,
        shamirThreshold: own.threshold,
        selector: file.metadata.selector,
        macOnlyEncrypted: file.metadata.macOnlyEncrypted,
        previous: text,
        identities,
        indent,
      });
    },
  };
}
