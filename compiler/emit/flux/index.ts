export { emitFlux } from "./emit-flux.js";
