// The checked cluster model as Talos sees it: the patches labc writes for talhelper (their file
// names and rendered text), each node's links and installer image, and the machine-config input
// `labc talos config` renders. Below both the checker (which judges user patches against the
// result) and the emitters (talhelper files, machine configs), so neither reaches into the other.
export { installerImage, installerImageRef, talosTag } from "./install-image.js";
export { UnsupportedTalosVersionError, clusterContract, machineConfigInput } from "./machine-config-input.js";
export { nodeInterfaces } from "./node-interface.js";
export { nodePatchPlan, templatePatches, type PlannedPatch } from "./template-patches.js";
export { nodeLinkSpecs } from "./link-specs.js";
export { inlinePatches } from "./inline-patches.js";
export { patchFiles, patchesIn, type PatchFile, type PatchLayer } from "./patch-files.js";
export { nodePatchFiles, patchFileName, type NodePatchFile } from "./user-patches.js";
export { commentKey, documentOf, flowSeq, print, quoted, rootMap, separate } from "./yaml-nodes.js";
