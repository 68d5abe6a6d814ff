// Model → Talos machine configs: what `labc talos config` writes and `labc talos commands` refers to.
export { CLUSTERCONFIG_DIR, TALOSCONFIG_FILE, machineConfigFileName } from "./file-names.js";
export { installerImageRef, talosTag } from "./install-image.js";
export { UnsupportedTalosVersionError, clusterContract, machineConfigInput } from "./machine-config-input.js";
export { nodeInterfaces } from "./node-interface.js";
export { renderNodeConfigs, type NodeConfigFile } from "./render-node-configs.js";
export { nodePatchPlan, templatePatches, type PlannedPatch } from "./template-patches.js";
