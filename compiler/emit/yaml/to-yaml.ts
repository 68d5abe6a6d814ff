// The writer moved below the phases (compiler/yaml) so compiler/talos can print patches; the
// emitters keep importing it from here.
export { toYaml, type ToYamlOptions } from "../../yaml/to-yaml.js";
