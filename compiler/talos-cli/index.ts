// What `labc talos …` does, apart from argument parsing and printing (compiler/cli/commands/talos-*.ts).
export { clusterBundlePath, encryptBundle, openBundle, readClusterBundle, sameBundle } from "./bundle-file.js";
export { loadCluster } from "../load/load-checked.js";
export { writePrivateFiles } from "./private-files.js";
export { findNode, nodeNames } from "./select-node.js";
export { shellQuote } from "./shell-quote.js";
export { RENEW_BEFORE_DAYS, talosconfigFor } from "./talosconfig.js";
export { TALOSCTL_ACTIONS, TalosctlSelectionError, isTalosctlAction, talosctlCommands, type TalosctlOptions } from "./talosctl-commands.js";
