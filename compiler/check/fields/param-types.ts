import type { ParamType } from "../../../stdlib/types.js";
import { T, type FieldType } from "./field-types.js";

/** The checker's field type of a stdlib parameter type. */
export function paramFieldType(type: ParamType): FieldType {
  if (typeof type === "object") return "enum" in type ? T.enumOf(...type.enum) : T.list(paramFieldType(type.list));
  switch (type) {
    case "integer":
      return T.integer();
    case "secret":
      return T.ref("secret");
    default:
      return T[type];
  }
}

