/** The package entry for `import … from "labc"`: the config helpers a lab.config.ts may use. */
export { defineConfig, type LabConfig } from "./config/define-config.js";
