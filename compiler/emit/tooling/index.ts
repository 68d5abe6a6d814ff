export { emitTooling } from "./emit-tooling.js";
export { GENERATED_FILE_PATTERNS, LAB_RENOVATE_PATTERN, TOML_RENOVATE_PATTERN, YAML_RENOVATE_PATTERN } from "./renovate-config.js";
export { toolPins, type ToolPin } from "./tool-pins.js";
