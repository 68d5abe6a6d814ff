export { importRepository, ImportError, type ImportOptions, type ImportResult } from "./import-repo.js";
export type { Verification } from "./verify.js";
