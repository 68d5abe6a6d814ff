// Reading a file's metadata without any key, e.g. to check which recipients a committed file is
// encrypted for (drift against the configured recipients).
import { describeRecipients, type SopsMetadata } from "./metadata.js";
import { readEncryptedFile, type SopsFormat } from "./stores/read-encrypted-file.js";

export interface SopsFileInfo {
  readonly metadata: SopsMetadata;
  /** age recipients plus other master keys as "type:id". */
  readonly recipients: string[];
}

export function inspectSops(text: string, format: SopsFormat): SopsFileInfo {
  const { metadata } = readEncryptedFile(text, format);
  return { metadata, recipients: describeRecipients(metadata) };
}
