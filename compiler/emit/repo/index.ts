export { emitRepo } from "./emit-repo.js";
export type { ReadmeInfo } from "./readme-view.js";
export { kubernetesRule, talosRule } from "./sops-config.js";
