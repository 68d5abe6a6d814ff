// Model → Talos machine configs: what `labc talos config` writes and `labc talos commands` refers to.
// The model-to-Talos mapping itself is compiler/talos/cluster, shared with the checker.
export { CLUSTERCONFIG_DIR, TALOSCONFIG_FILE, machineConfigFileName } from "./file-names.js";
export { UnsupportedTalosVersionError, clusterContract, installerImageRef, machineConfigInput, nodeInterfaces, nodePatchPlan, talosTag, templatePatches, type PlannedPatch } from "../../talos/cluster/index.js";
export { renderNodeConfigs, type NodeConfigFile } from "./render-node-configs.js";
