import type { AppDefinition } from "./types.js";

/**
 * The definition of an app with `chart = oci("oci://…", version)` and no stdlib definition: its
 * values are the user's, and its Flux files take every default. Spelled once, here; the checker
 * puts it on the model so emitters never special-case the id.
 */
export const CUSTOM_DEFINITION: AppDefinition = {
  id: "custom",
  doc: "an OCI chart with the user's values",
  namespace: "default",
  chart: { kind: "oci", url: "", version: "" },
  params: {},
  installAfter: [],
  bootstrap: false,
  values: () => ({}),
};
