import { z } from "zod";

/** `lab.config.ts`: where `labc build` reads from and writes to when no arguments are given. */
export const labConfigSchema = z
  .object({
    /** The entry `.lab` file, relative to the config file. */
    entry: z.string().min(1).default("cluster.lab"),
    /** The output directory (the GitOps repository), relative to the config file. */
    out: z.string().min(1).default("out"),
    /** Where `labc talos config` writes machine configs, relative to `out`. */
    talosConfigDir: z.string().min(1).default("talos/clusterconfig"),
  })
  .strict();

export type LabConfig = z.input<typeof labConfigSchema>;
export type ResolvedLabConfig = z.output<typeof labConfigSchema>;

/** Identity function that gives a config file its type: `export default defineConfig({ … })`. */
export function defineConfig(config: LabConfig): LabConfig {
  return config;
}
