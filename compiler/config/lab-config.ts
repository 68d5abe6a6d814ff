import { z } from "zod";
import type { LabConfig } from "./define-config.js";

/** `lab.config.ts`: where `labc build` reads from and writes to when no arguments are given. */
export const labConfigSchema = z
  .object({
    /** The entry `.lab` file, relative to the config file. */
    entry: z.string().min(1).default("cluster.lab"),
    /** The output directory (the GitOps repository), relative to the config file; default the config's own folder (in place). */
    out: z.string().min(1).default("."),
    /** Where `labc talos config` writes machine configs, relative to `out`. */
    talosConfigDir: z.string().min(1).default("talos/clusterconfig"),
  })
  .strict();

export type ResolvedLabConfig = z.output<typeof labConfigSchema>;
export type { LabConfig } from "./define-config.js";

// The published interface and the schema accept the same objects (a compile-time check both ways).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const sameShape: Same<Required<LabConfig>, Required<z.input<typeof labConfigSchema>>> = true;
void sameShape;
