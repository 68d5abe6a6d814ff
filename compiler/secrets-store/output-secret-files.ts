import { readdirSync } from "node:fs";
import { join } from "node:path";

/** Where labc writes SOPS files in the output; talos/clusterconfig holds plaintext machine configs, never SOPS. */
const ROOTS = ["bootstrap", "kubernetes", "talos"];
const SKIP = ["talos/clusterconfig"];

/** The `*.sops.yaml` files labc owns in an output directory, as sorted `/`-separated relative paths. */
export function outputSecretFiles(outDir: string | undefined): string[] {
  if (outDir === undefined) return [];
  const found: string[] = [];
  // Every build runs this over the whole output: one readdir per directory, no stat per entry.
  const walk = (rel: string) => {
    if (SKIP.includes(rel)) return;
    let entries;
    try {
      entries = readdirSync(join(outDir, rel), { withFileTypes: true });
    } catch {
      return; // no such directory (yet)
    }
    for (const entry of entries) {
      const child = `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile() && entry.name.endsWith(".sops.yaml")) found.push(child);
    }
  };
  for (const root of ROOTS) walk(root);
  return found.sort();
}
