// Public API of the SOPS layer.
export { encryptYaml, encryptYamlDocuments, encryptYamlDocumentsDetailed } from "./encrypt.js";
export type { EncryptOptions, EncryptOutcome, EncryptResult } from "./encrypt.js";
export { decryptSops, decryptSopsWithDataKey } from "./decrypt.js";
export type { DecryptOptions, DecryptedFile } from "./decrypt.js";
export { rotateSops } from "./rotate.js";
export type { RotateOptions } from "./rotate.js";
export { inspectSops } from "./inspect.js";
export type { SopsFileInfo } from "./inspect.js";
export { describeRecipientGroups, fileRecipientGroups, sameRecipientGroups } from "./key-groups.js";
export type { RecipientGroups, RecipientOptions } from "./key-groups.js";
export type { AgeKeyEntry, SopsKeyGroup, SopsMetadata } from "./metadata.js";
export type { SelectorKind, SopsSelector } from "./selection.js";
export type { SopsFormat } from "./stores/read-encrypted-file.js";
export type { SopsBranch, SopsLeaf, SopsMapping, SopsNode } from "./tree.js";
