import { mkdirSync } from "node:fs";
import { dirname } from "node:path";

/**
 * `mkdir -p`, one level at a time. Node 20's `mkdirSync(…, { recursive: true })` spins forever
 * where a parent exists but refuses children with ENOENT (procfs, some FUSE mounts); here such a
 * directory is an error like any other, which the build reports.
 */
export function ensureDir(dir: string, made?: Set<string>): void {
  if (made?.has(dir)) return;
  try {
    mkdirSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" && dirname(dir) !== dir) {
      ensureDir(dirname(dir), made);
      mkdirSync(dir);
    } else if (code !== "EEXIST") throw error;
  }
  made?.add(dir);
}
