// Kept for imports written before the shared helper existed.
export { validateTalosTree } from "../../../support/validate-tree.js";
