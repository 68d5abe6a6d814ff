export { emitRepo } from "./emit-repo.js";
