export { toYaml, type ToYamlOptions } from "./to-yaml.js";
export { annotate, Annotated, schemaComment, renovateComment, type Annotations, type PathComment } from "./annotated.js";
export { commentAt } from "./comments.js";
export { escapeFluxSubstitution, findFluxSubstitutions, type SubstitutionHit } from "./flux-substitution.js";
export { SCHEMA } from "../../model/schema-urls.js";
