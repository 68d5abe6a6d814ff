import type { AppRef } from "../../model/model.js";
import { annotate, type Annotated } from "../../yaml/annotated.js";
import { SCHEMA, } from "../../model/schema-urls.js";
import { schemaComment } from "../../yaml/annotated.js";
import { fluxPath } from "./layout.js";

/** The app-level Flux Kustomization defaults of cluster-template era A (section 2.5). */

export const SOPS_DECRYPTION = { provider: "sops", secretRef: { name: "sops-age" } } as const;
export const GIT_SOURCE = { kind: "GitRepository", name: "flux-system", namespace: "flux-system" } as const;

/** cluster-template writes spec keys in this order; unknown extra keys follow, sorted. */
const SPEC_ORDER = [
  "commonMetadata",
  "decryption",
  "dependsOn",
  "healthChecks",
  "healthCheckExprs",
  "interval",
  "path",
  "postBuild",
  "prune",
  "retryInterval",
  "sourceRef",
  "targetNamespace",
  "timeout",
  "wait",
];

function ordered(spec: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.keys(spec);
  const known = SPEC_ORDER.filter((k) => keys.includes(k));
  const rest = keys.filter((k) => !SPEC_ORDER.includes(k)).sort();
  return Object.fromEntries([...known, ...rest].map((k) => [k, spec[k]]));
}

export interface FluxKustomizationInput {
  readonly name: string;
  readonly namespace: string;
  /** Folder it reconciles, relative to the output root. */
  readonly dir: string;
  readonly dependsOn: readonly AppRef[];
  /** Set over the defaults; a `null` value removes the default. */
  readonly overrides?: Readonly<Record<string, unknown>>;
}

export function fluxKustomization(input: FluxKustomizationInput): Annotated {
  const spec: Record<string, unknown> = {
    commonMetadata: { labels: { "app.kubernetes.io/name": input.name } },
    decryption: SOPS_DECRYPTION,
    ...(input.dependsOn.length > 0
      ? { dependsOn: input.dependsOn.map((d) => ({ name: d.name, namespace: d.namespace })) }
      : {}),
    interval: "1h",
    path: fluxPath(input.dir),
    // Substitution and decryption refs are namespace-local; the common component copies
    // cluster-secrets and sops-age into every namespace.
    postBuild: { substituteFrom: [{ name: "cluster-secrets", kind: "Secret" }] },
    prune: true,
    retryInterval: "2m",
    sourceRef: GIT_SOURCE,
    targetNamespace: input.namespace,
    timeout: "5m",
    wait: false,
  };
  for (const [key, value] of Object.entries(input.overrides ?? {})) {
    if (value === null) delete spec[key];
    else spec[key] = value;
  }
  return annotate(
    {
      apiVersion: "kustomize.toolkit.fluxcd.io/v1",
      kind: "Kustomization",
      metadata: { name: input.name, namespace: input.namespace },
      spec: ordered(spec),
    },
    { header: [schemaComment(SCHEMA.fluxKustomization)] },
  );
}
