export { emitTalhelper } from "./emit-talhelper.js";
export { installerImage } from "./node-entry.js";
// The node's links, shared by talconfig.yaml and `labc talos config`.
export { nodeLinkSpecs } from "./link-specs.js";
export { schematicFiles, type SchematicFile } from "./schematic-files.js";
// The patch contents, for `labc talos config`, which applies the same patches talhelper would.
export { inlinePatches } from "./inline-patches.js";
export { patchFiles, patchesIn } from "./patch-files.js";
export { nodePatchFiles, patchFileName, type NodePatchFile } from "./user-patches.js";
export type { PatchFile, PatchLayer } from "./patch-files.js";
