export { emitTooling } from "./emit-tooling.js";
export { LAB_RENOVATE_PATTERN, TOML_RENOVATE_PATTERN, YAML_RENOVATE_PATTERN } from "./renovate-config.js";
