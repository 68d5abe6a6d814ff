import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { discoverAgeIdentities, type DiscoveredIdentities } from "../../../secrets/age/index.js";

/**
 * Keys for a SOPS file given by path: sops' places, then `age.key` in the working directory and
 * in the file's folder and its parents up to the project (the folder with cluster.lab or .git).
 * A generated repository usually sits inside the project, one or two levels below its age.key.
 */
export async function keysForFile(path: string): Promise<DiscoveredIdentities> {
  const directories: string[] = [];
  let dir = dirname(resolve(path));
  for (let i = 0; i < 8; i++) {
    directories.push(dir);
    if (existsSync(join(dir, "cluster.lab")) || existsSync(join(dir, ".git"))) break;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return discoverAgeIdentities({ projectDir: process.cwd(), directories, env: process.env });
}
