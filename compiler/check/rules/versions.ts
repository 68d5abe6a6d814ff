import type { Reporter } from "../../../lang/diagnostics/reporter.js";
import type { Located } from "../fields/located.js";

/** Talos release lines whose machine-config contract labc generates. */
export const SUPPORTED_TALOS = ["1.10", "1.11", "1.12", "1.13", "1.14"] as const;

export function normaliseVersion(v: string): string {
  return v.startsWith("v") ? v : `v${v}`;
}

export function checkTalosVersion(talos: Located<string> | undefined, r: Reporter): void {
  if (!talos) return;
  const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(talos.value);
  if (!m) {
    r.report("invalidLiteral", talos.span, `'${talos.value}' is not a Talos release; write a full version such as v1.10.7`);
    return;
  }
  const line = `${m[1]}.${m[2]}`;
  if (!(SUPPORTED_TALOS as readonly string[]).includes(line)) {
    r.report("unsupportedVersion", talos.span, `Talos ${line} is not supported; labc generates configs for Talos ${SUPPORTED_TALOS[0]} to ${SUPPORTED_TALOS[SUPPORTED_TALOS.length - 1]}`);
  }
}

export function checkKubernetesVersion(k8s: Located<string> | undefined, r: Reporter): void {
  if (!k8s) return;
  const m = /^v?(\d+)\.(\d+)\.(\d+)$/.exec(k8s.value);
  if (!m || m[1] !== "1") {
    r.report("invalidLiteral", k8s.span, `'${k8s.value}' is not a Kubernetes release; write a full version such as v1.33.4`);
  }
}
