import type { AppModel } from "../../model/model.js";
import { lookupDefinition } from "../../../stdlib/index.js";
import type { AppDefinition } from "../../../stdlib/types.js";

/**
 * An app with `chart = oci("oci://…", version)` and no stdlib definition: its values are the
 * user's, and its Flux files take every default.
 */
const CUSTOM: AppDefinition = {
  id: "custom",
  doc: "an OCI chart with the user's values",
  namespace: "default",
  chart: { kind: "oci", url: "", version: "" },
  params: {},
  dependsOn: [],
  bootstrap: false,
  values: () => ({}),
};

export function definitionOf(app: AppModel): AppDefinition {
  if (app.definition === CUSTOM.id) return CUSTOM;
  const def = lookupDefinition(app.definition);
  if (!def) throw new Error(`app "${app.name}": unknown definition "${app.definition}"`);
  return def;
}
