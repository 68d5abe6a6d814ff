import { upstreamPath } from "../../support/paths.js";
import { runTool } from "./tools.js";

/**
 * The real kubeconform, -strict, with the vendored schemas only (never the network): Kubernetes'
 * own in yannh's standalone-strict layout, CRDs as <group>/<kind>_<version>.json. Without
 * -ignore-missing-schemas, so a kind with no schema is an error the caller must account for.
 */

/** Kinds deliberately not validated, and why. `-skip` takes these; anything else skipped is a failure. */
export const SKIPPED: Readonly<Record<string, string>> = {
  "fluxcd.controlplane.io/v1/FluxInstance": "flux-operator's CRD is AGPL-3.0 and is not vendored (labc emits FluxInstance only inside the flux-instance chart's values)",
};

/**
 * Kinds labc emits for which no schema is vendored, and why. Empty: every emitted kind has one.
 * A new kind without a schema fails the run until it is listed here (or its schema vendored).
 */
export const MISSING_SCHEMAS: Readonly<Record<string, string>> = {};

export interface KubeconformResource {
  readonly filename: string;
  readonly kind: string;
  readonly name: string;
  readonly version: string;
  readonly status: "statusValid" | "statusInvalid" | "statusError" | "statusSkipped" | "statusEmpty";
  readonly msg: string;
}

export interface KubeconformReport {
  readonly resources: readonly KubeconformResource[];
  readonly summary: { valid: number; invalid: number; errors: number; skipped: number };
}

function kubeconformArgs(): string[] {
  return [
    "-strict",
    "-summary",
    "-verbose",
    "-output", "json",
    "-skip", Object.keys(SKIPPED).join(","),
    "-schema-location", `${upstreamPath("schemas", "k8s", "v1.36-standalone-strict")}/{{ .ResourceKind }}{{ .KindSuffix }}.json`,
    "-schema-location", `${upstreamPath("schemas", "crds")}/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json`,
    "-",
  ];
}

export function kubeconform(yaml: string): { report: KubeconformReport; status: number; stderr: string } {
  const run = runTool("kubeconform", kubeconformArgs(), { input: yaml });
  let report: KubeconformReport;
  try {
    report = JSON.parse(run.stdout) as KubeconformReport;
  } catch {
    throw new Error(`kubeconform printed no JSON report (exit ${run.status}): ${run.stderr.slice(0, 2000)}`);
  }
  return { report, status: run.status, stderr: run.stderr };
}

export const gvk = (r: { version: string; kind: string }) => `${r.version}/${r.kind}`;

export const missingSchema = (r: KubeconformResource) => r.status === "statusError" && /could not find schema/.test(r.msg);

/** Resources kubeconform did not accept, other than the listed skips and kinds without a schema. */
export function rejected(report: KubeconformReport): KubeconformResource[] {
  return report.resources.filter((r) => r.status !== "statusValid" && !(r.status === "statusSkipped" && gvk(r) in SKIPPED) && !(missingSchema(r) && gvk(r) in MISSING_SCHEMAS));
}
