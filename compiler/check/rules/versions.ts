import type { Reporter } from "../../../lang/diagnostics/reporter.js";
import { TALOS_CONTRACTS, isTalosContract, parseVersion } from "../../talos/index.js";
import type { Located } from "../fields/located.js";

export function normaliseVersion(v: string): string {
  return v.startsWith("v") ? v : `v${v}`;
}

export function checkTalosVersion(talos: Located<string> | undefined, r: Reporter): void {
  if (!talos) return;
  const version = parseVersion(talos.value);
  if (!version || version.patch === undefined) {
    r.report("invalidLiteral", talos.span, `'${talos.value}' is not a Talos release; write a full version such as v1.10.7`);
    return;
  }
  if (!isTalosContract(version.line)) {
    r.report("unsupportedVersion", talos.span, `Talos ${version.line} is not supported; labc generates configs for Talos ${TALOS_CONTRACTS[0]} to ${TALOS_CONTRACTS.at(-1)}`);
  }
}

export function checkKubernetesVersion(k8s: Located<string> | undefined, r: Reporter): void {
  if (!k8s) return;
  const m = /^v?(\d+)\.(\d+)\.(\d+)$/.exec(k8s.value);
  if (!m || m[1] !== "1") {
    r.report("invalidLiteral", k8s.span, `'${k8s.value}' is not a Kubernetes release; write a full version such as v1.33.4`);
  }
}
