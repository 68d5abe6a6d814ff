import { lstatSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

/**
 * `$XDG_CACHE_HOME/labc` (`~/.cache/labc`): what labc keeps per user because it can always make
 * it again (transpiled configs, compiled code, parsed facts). `folder` is the part's subfolder.
 */
export function userCacheDir(folder: string): string {
  return join(process.env["XDG_CACHE_HOME"] || join(homedir(), ".cache"), "labc", folder);
}

/** `LABC_CACHE=off`: labc keeps neither its code cache nor its memo of parsed facts. */
export function userCachesOff(): boolean {
  return process.env["LABC_CACHE"] === "off";
}

/**
 * A file or folder of the user's own that nobody else may write, and no link: what another
 * user could plant there is not believed (or, for code, not run). Where there are no users'
 * ids (Windows) nothing can be told, and the caller decides.
 */
export function ownedAndPrivate(path: string): boolean {
  if (typeof process.getuid !== "function") return true;
  const st = lstatSync(path);
  return st.uid === process.getuid() && (st.mode & 0o022) === 0 && (st.isFile() || st.isDirectory());
}
