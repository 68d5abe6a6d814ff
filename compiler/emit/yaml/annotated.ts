// See to-yaml.ts: the annotations moved to compiler/yaml with the writer.
export { Annotated, annotate, renovateComment, schemaComment, type Annotations, type PathComment } from "../../yaml/annotated.js";
