/**
 * `lab.config.ts`'s type, for `import { defineConfig } from "labc"`. A plain interface, so the
 * package's published types need nothing else installed; lab-config.ts's schema is checked
 * against it.
 */
export interface LabConfig {
  /** The entry `.lab` file, relative to the config file (default cluster.lab). */
  readonly entry?: string;
  /** The output directory (the GitOps repository), relative to the config file (default ".": in place, beside cluster.lab). */
  readonly out?: string;
  /** Where `labc talos config` writes machine configs, relative to `out` (default talos/clusterconfig). */
  readonly talosConfigDir?: string;
}

/** Identity function that gives a config file its type: `export default defineConfig({ … })`. */
export function defineConfig(config: LabConfig): LabConfig {
  return config;
}
