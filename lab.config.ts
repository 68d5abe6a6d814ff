import type { LabConfig } from "./compiler/config/lab-config.js";

// `labc build` with no arguments builds the bundled homelab example into out/.
export default {
  entry: "examples/homelab/cluster.lab",
  out: "out",
} satisfies LabConfig;
