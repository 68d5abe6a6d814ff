// Recovers a file's 32-byte data key from its age master keys: any one key of a group opens that
// group's part; one group holds the whole key, several groups hold Shamir shares.
import { unwrapDataKey } from "../age/data-key-wrap.js";
import { SopsFormatError, SopsNoMatchingKeyError } from "../errors.js";
import { describeRecipients, type SopsMetadata } from "./metadata.js";
import { combineShares } from "./shamir.js";

export const DATA_KEY_BYTES = 32;

export async function recoverDataKey(
  metadata: SopsMetadata,
  identities: readonly string[],
  searched: readonly string[] = [],
): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  const opened: number[] = [];
  let malformed = 0;
  for (const [index, group] of metadata.keyGroups.entries()) {
    for (const entry of group.age) {
      const result = await unwrapDataKey(entry.enc, identities);
      if (result.ok) {
        parts.push(result.dataKey);
        opened.push(index + 1);
        break;
      }
      if (result.reason === "malformed") malformed++;
    }
  }
  const groups = metadata.keyGroups.length;
  const needed = groups === 1 ? 1 : metadata.shamirThreshold || groups;
  if (parts.length < needed) {
    const details = [];
    if (groups > 1) {
      const which = opened.length > 0 ? ` (group${opened.length === 1 ? "" : "s"} ${opened.join(", ")})` : "";
      details.push(`the data key is split over ${groups} key groups and ${needed} must be opened; ${parts.length} could be${which}`);
    }
    if (malformed > 0) details.push(`${malformed} age block(s) were malformed or did not decrypt`);
    throw new SopsNoMatchingKeyError(describeRecipients(metadata), searched, identities.length, details.join("; ") || undefined);
  }
  const dataKey = groups === 1 ? parts[0]! : combineShares(parts.slice(0, Math.max(needed, 2)));
  if (dataKey.length !== DATA_KEY_BYTES) {
    throw new SopsFormatError(`the recovered data key is ${dataKey.length} bytes, expected ${DATA_KEY_BYTES}`);
  }
  return dataKey;
}
