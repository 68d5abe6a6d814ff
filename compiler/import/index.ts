export { importRepository, ImportError } from "./import-repo.js";
