import type { Span } from "../../lang/diagnostics/span.js";
import type { ChartSource } from "./model.js";
import { APP_TEMPLATE_URL } from "./well-known.js";

/** What a pinned version belongs to; the lock file groups its entries by this. */
export type PinKind = "chart" | "image" | "flux" | "tool" | "action";

/** The lock file's section for each kind, in the order it writes them. */
export const LOCK_SECTIONS: Readonly<Record<PinKind, string>> = { chart: "charts", image: "images", flux: "flux", tool: "tools", action: "actions" };

/**
 * A version labc picks when cluster.lab does not say: a stdlib chart or image, the Flux
 * distribution, a CLI of the generated tooling, a GitHub Action of the generated workflow.
 * `depName` and `datasource` are Renovate's names for it, and the key in the lock file.
 */
export interface VersionPin {
  readonly kind: PinKind;
  readonly datasource: "docker" | "github-releases" | "github-tags" | "node-version";
  readonly depName: string;
  /** As its releases are tagged (`v1.18.2` for cert-manager, `1.18.1` for Cilium). */
  readonly version: string;
}

/** A version the lock file beside cluster.lab holds, where it says it. */
export interface LockedVersion {
  readonly version: string;
  readonly span: Span;
}

/** The lock file's versions by depName. */
export type LockedVersions = ReadonlyMap<string, LockedVersion>;

/** The lock's version of a pin, else its default; the pin that results. */
export function resolvePin(locked: LockedVersions | undefined, pin: VersionPin): VersionPin {
  const held = locked?.get(pin.depName);
  return held ? { ...pin, version: held.version } : pin;
}

/** Where a chart is pulled from. */
export function chartUrl(chart: ChartSource): string {
  return chart.kind === "oci" ? chart.url : APP_TEMPLATE_URL;
}

/** A chart's Renovate depName: its OCI reference without the scheme. */
export function chartDepName(url: string): string {
  return url.replace(/^oci:\/\//, "");
}

/** The version of `depName` in the model's pins; a missing one is a bug in labc, not in the input. */
export function pinnedVersion(pins: readonly VersionPin[], depName: string): string {
  const pin = pins.find((p) => p.depName === depName);
  if (!pin) throw new Error(`no version pinned for ${depName}`);
  return pin.version;
}
