import type { AppModel } from "../../model/model.js";
import { lookupDefinition } from "../../../stdlib/index.js";
import type { AppDefinition } from "../../../stdlib/types.js";

export function definitionOf(app: AppModel): AppDefinition {
  const def = lookupDefinition(app.definition);
  if (!def) throw new Error(`app "${app.name}": unknown definition "${app.definition}"`);
  return def;
}
