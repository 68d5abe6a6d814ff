export { emitBootstrap } from "./emit-bootstrap.js";
export { bootstrapOrder } from "./release-order.js";
export { DEPLOY_KEY_FILE, emitDeployKey } from "./deploy-key.js";
