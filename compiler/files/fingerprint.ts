import { lstatSync, type BigIntStats } from "node:fs";

/** A file's kind and permissions, identity, size and times to the nanosecond: any write to it, or to its mode, changes them. */
export function statFingerprint(st: BigIntStats): string {
  return `${st.mode}:${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
}

/** statFingerprint of what is at `path` (not followed if a link); "-" when there is nothing. */
export function fingerprintOf(path: string): string {
  try {
    return statFingerprint(lstatSync(path, { bigint: true }));
  } catch {
    return "-";
  }
}
