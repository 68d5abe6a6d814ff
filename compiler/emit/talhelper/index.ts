export { emitTalhelper } from "./emit-talhelper.js";
export { schematicFiles, type SchematicFile } from "./schematic-files.js";
// The patches and links themselves are compiler/talos/cluster, shared with the checker and `labc talos config`.
export { inlinePatches, installerImage, nodeLinkSpecs, nodePatchFiles, patchFileName, patchFiles, patchesIn, type NodePatchFile, type PatchFile, type PatchLayer } from "../../talos/cluster/index.js";
