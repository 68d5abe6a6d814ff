export { toYaml } from "./to-yaml.js";
export { annotate, schemaComment, renovateComment } from "./annotated.js";
export { escapeFluxSubstitution, findFluxSubstitutions } from "./flux-substitution.js";
