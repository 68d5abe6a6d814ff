import type { AppModel } from "../../model/model.js";
import { findFluxSubstitutions } from "../yaml/flux-substitution.js";

/**
 * helmfile installs these values verbatim, before Flux exists: a `${VAR}` would reach the chart
 * as literal text, and the release would differ from the HelmRelease Flux later adopts.
 */
export class BootstrapSubstitutionError extends Error {
  constructor(
    readonly app: string,
    readonly path: readonly (string | number)[],
    readonly value: string,
  ) {
    super(
      `app "${app}" is installed by bootstrap/helmfile.yaml, but its value ${path.join(".")} = ${JSON.stringify(value)} ` +
        "uses Flux substitution (${…}), which helmfile does not perform; use a literal value",
    );
    this.name = "BootstrapSubstitutionError";
  }
}

export function assertNoSubstitutions(app: AppModel, values: unknown): void {
  const [hit] = findFluxSubstitutions(values);
  if (hit) throw new BootstrapSubstitutionError(app.name, hit.path, hit.value);
}
