// What `labc talos …` does, apart from argument parsing and printing (compiler/cli/commands/talos-*.ts).
export { clusterBundlePath, encryptBundle, openBundle, readClusterBundle, sameBundle, type BundleRead } from "./bundle-file.js";
export { loadCluster, type LoadedCluster } from "../load/load-checked.js";
export { writePrivateFiles, type PrivateFile, type PrivateWriteResult } from "./private-files.js";
export { findNode, nodeNames } from "./select-node.js";
export { shellQuote } from "./shell-quote.js";
export { RENEW_BEFORE_DAYS, talosconfigFor, type TalosconfigResult } from "./talosconfig.js";
export { TALOSCTL_ACTIONS, TalosctlSelectionError, isTalosctlAction, talosctlCommands, type TalosctlAction, type TalosctlOptions } from "./talosctl-commands.js";
