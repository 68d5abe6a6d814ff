export { emitBootstrap } from "./emit-bootstrap.js";
export { BootstrapSubstitutionError } from "./substitution-check.js";
export { bootstrapOrder } from "./release-order.js";
export { DEPLOY_KEY_FILE, emitDeployKey, GITHUB_KNOWN_HOSTS } from "./deploy-key.js";
