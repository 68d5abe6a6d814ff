import type { AppModel } from "../../model/model.js";
import { chartUrl } from "../../model/version-pins.js";

/** OCI chart URL and version; the OCIRepository tag and the helmfile release both read it here. */
export function chartOf(app: AppModel): { readonly url: string; readonly version: string } {
  return { url: chartUrl(app.chart), version: app.chart.version };
}

/** The OCIRepository a HelmRelease points at: its own, or the namespace's shared app-template. */
export function sourceName(app: AppModel): string {
  return app.chart.kind === "app-template" ? "app-template" : app.name;
}

export const HELM_LAYER = { mediaType: "application/vnd.cncf.helm.chart.content.v1.tar+gzip", operation: "copy" } as const;
