export { emitTalhelper } from "./emit-talhelper.js";
export { installerImage } from "./node-entry.js";
export type { PatchFile, PatchLayer } from "./patch-files.js";
