export { emitFlux } from "./emit-flux.js";
export { SOPS_AGE_SECRET } from "./common-component.js";
export { releaseValues, releaseValueComments } from "./release-values.js";
export { chartOf } from "./chart-source.js";
