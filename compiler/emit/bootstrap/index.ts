export { emitBootstrap } from "./emit-bootstrap.js";
export { BootstrapSubstitutionError } from "./substitution-check.js";
export { bootstrapOrder } from "./release-order.js";
