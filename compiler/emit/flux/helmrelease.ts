import type { AppModel, ClusterModel } from "../../model/model.js";
import type { TextOutput } from "../../model/output.js";
import { annotate, renovateComment, schemaComment, type Annotated } from "../../yaml/annotated.js";
import { SCHEMA } from "../../model/schema-urls.js";
import { chartDepName } from "../../model/version-pins.js";
import { toYaml } from "../../yaml/to-yaml.js";
import { chartOf, HELM_LAYER, sourceName } from "./chart-source.js";
import { appRoot } from "./layout.js";
import { releaseValueComments, releaseValues } from "./release-values.js";

/** An OCIRepository for one chart version, the way cluster-template writes them. */
export function ociRepository(name: string, url: string, version: string, interval: string): Annotated {
  return annotate(
    {
      apiVersion: "source.toolkit.fluxcd.io/v1",
      kind: "OCIRepository",
      metadata: { name },
      spec: { interval, layerSelector: { ...HELM_LAYER }, ref: { tag: version }, url },
    },
    { header: [schemaComment(SCHEMA.ociRepository)], comments: [{ path: ["spec", "ref", "tag"], text: chartRenovateComment(url) }] },
  );
}

/** Renovate reads an OCI chart as a docker image: `oci://ghcr.io/x/y` is depName `ghcr.io/x/y`. */
export function chartRenovateComment(url: string): string {
  return renovateComment("docker", chartDepName(url));
}

function helmRelease(cluster: ClusterModel, app: AppModel): Annotated {
  const def = app.definition;
  const spec: Record<string, unknown> = {
    interval: "1h",
    chartRef: { kind: "OCIRepository", name: sourceName(app) },
    // Keep retrying the first install (a CRD or webhook may still be coming up).
    install: { remediation: { retries: -1 } },
    upgrade: {
      cleanupOnFail: true,
      remediation: { ...(def.flux?.rollback ? { strategy: "rollback" } : {}), retries: 3 },
    },
    // Same graph as the Flux Kustomizations and the helmfile `needs`.
    ...(app.dependsOn.length > 0 ? { dependsOn: app.dependsOn.map((d) => ({ name: d.name, namespace: d.namespace })) } : {}),
    values: releaseValues(cluster, app),
  };
  return annotate(
    { apiVersion: "helm.toolkit.fluxcd.io/v2", kind: "HelmRelease", metadata: { name: app.name }, spec },
    {
      header: [schemaComment(SCHEMA.helmRelease)],
      comments: releaseValueComments(app).map((c) => ({ path: ["spec", "values", ...c.path], text: c.comment })),
    },
  );
}

/**
 * `app/helmrelease.yaml`: in era A one file holds the app's OCIRepository and its HelmRelease;
 * app-template apps use the shared OCIRepository from the namespace component instead.
 */
export function helmReleaseFile(cluster: ClusterModel, app: AppModel): TextOutput {
  const docs: Annotated[] = [];
  if (app.chart.kind === "oci") {
    const { url, version } = chartOf(app);
    docs.push(ociRepository(app.name, url, version, app.definition.flux?.sourceInterval ?? "5m"));
  }
  docs.push(helmRelease(cluster, app));
  return { kind: "text", path: `${appRoot(app)}/app/helmrelease.yaml`, content: toYaml(docs) };
}
