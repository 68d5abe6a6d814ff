export { toYaml } from "../../yaml/to-yaml.js";
export { annotate, schemaComment, renovateComment } from "../../yaml/annotated.js";
export { escapeFluxSubstitution, findFluxSubstitutions } from "./flux-substitution.js";
