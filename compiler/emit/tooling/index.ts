export { emitTooling } from "./emit-tooling.js";
export { LAB_OCI_CHART_PATTERN, LAB_RENOVATE_PATTERN, LOCK_RENOVATE_PATTERN, MISE_LABC_PATTERN } from "./renovate-config.js";
