import { existsSync, lstatSync, readdirSync } from "node:fs";
import { join } from "node:path";

/** Where labc writes SOPS files in the output; talos/clusterconfig holds plaintext machine configs, never SOPS. */
const ROOTS = ["bootstrap", "kubernetes", "talos"];
const SKIP = ["talos/clusterconfig"];

/** The `*.sops.yaml` files labc owns in an output directory, as sorted `/`-separated relative paths. */
export function outputSecretFiles(outDir: string | undefined): string[] {
  if (outDir === undefined || !existsSync(outDir)) return [];
  const found: string[] = [];
  const walk = (rel: string) => {
    if (SKIP.includes(rel)) return;
    const full = join(outDir, rel);
    if (!existsSync(full)) return;
    for (const name of readdirSync(full).sort()) {
      const child = `${rel}/${name}`;
      const stat = lstatSync(join(outDir, child));
      if (stat.isDirectory()) walk(child);
      else if (stat.isFile() && name.endsWith(".sops.yaml")) found.push(child);
    }
  };
  for (const root of ROOTS) walk(root);
  return found.sort();
}
