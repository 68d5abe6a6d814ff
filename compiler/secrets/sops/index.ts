// Public API of the SOPS layer.
export { encryptYaml, encryptYamlDocuments, encryptYamlDocumentsDetailed } from "./encrypt.js";
export type { EncryptOptions, EncryptOutcome, EncryptResult } from "./encrypt.js";
export { decryptSops, decryptSopsWithDataKey } from "./decrypt.js";
export type { DecryptOptions, DecryptedFile } from "./decrypt.js";
export { rotateSops } from "./rotate.js";
export type { RotateOptions } from "./rotate.js";
export { inspectSops } from "./inspect.js";
export type { SopsFileInfo } from "./inspect.js";
export { SOPS_FORMAT_VERSION } from "./metadata.js";
export { allRecipients, describeRecipientGroups, fileRecipientGroups, recipientGroupsOf, sameRecipientGroups } from "./key-groups.js";
export type { RecipientGroups, RecipientOptions } from "./key-groups.js";
export type { AgeKeyEntry, SopsKeyGroup, SopsMetadata } from "./metadata.js";
export { DEFAULT_SELECTOR } from "./selection.js";
export type { SelectorKind, SopsSelector } from "./selection.js";
export type { SopsFormat } from "./stores/read-encrypted-file.js";
export { decryptValue, encryptValue } from "./value-cipher.js";
export type { SopsBranch, SopsLeaf, SopsMapping, SopsNode } from "./tree.js";
