import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, parse, resolve } from "node:path";

/** The files that make a folder a labc project (what `labc check` looks for). */
export const PROJECT_MARKERS = ["cluster.lab", "lab.config.ts"] as const;

/** `$HOME`, the filesystem root and the folders above `$HOME`: never scanned whole, since they hold far more than one project. */
export function isTooBroadToScan(folder: string, home: string = homedir()): boolean {
  const dir = resolve(folder);
  const h = resolve(home);
  return dir === parse(dir).root || dir === h || h.startsWith(dir.endsWith("/") ? dir : `${dir}/`);
}

/**
 * The nearest folder at or above `start` holding cluster.lab or lab.config.ts, looking no higher
 * than `$HOME` (a stray cluster.lab in `$HOME` must not make the whole home folder one project)
 * unless `start` lies outside `$HOME`. Undefined when there is none.
 */
export function projectRootOf(start: string, home: string = homedir()): string | undefined {
  let dir = resolve(start);
  for (;;) {
    if (dir !== resolve(home) && PROJECT_MARKERS.some((m) => existsSync(join(dir, m)))) return dir;
    const up = dirname(dir);
    if (up === dir || dir === resolve(home)) return undefined;
    dir = up;
  }
}
