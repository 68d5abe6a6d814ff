import type { ClusterModel } from "../../model/model.js";
import type { OutputFile } from "../../model/output.js";
import { chartOf } from "../flux/chart-source.js";
import { chartRenovateComment } from "../flux/helmrelease.js";
import { releaseValueComments, releaseValues } from "../flux/release-values.js";
import { annotate, schemaComment, type PathComment } from "../../yaml/annotated.js";
import { SCHEMA } from "../../model/schema-urls.js";
import { toYaml } from "../../yaml/to-yaml.js";
import { bootstrapOrder } from "./release-order.js";
import { assertNoSubstitutions } from "./substitution-check.js";

/**
 * `bootstrap/helmfile.yaml`: installs the apps Flux itself needs (CNI, DNS, cert-manager, Flux)
 * before Flux runs. Release name and namespace equal the HelmRelease's, chart and version equal
 * the OCIRepository's, and the values are the HelmRelease values inlined, so Flux adopts each
 * release in place. Inlining replaces cluster-template's `values.yaml.gotmpl` + yq indirection;
 * it relies on helmfile v1 not templating a plain `helmfile.yaml` (Helm `{{ … }}` strings in
 * values reach the chart untouched, as they do through Flux).
 */
export function emitBootstrap(cluster: ClusterModel): OutputFile[] {
  const apps = bootstrapOrder(cluster.apps);
  const comments: PathComment[] = [];
  const releases = apps.map((app, i) => {
    const values = releaseValues(cluster, app);
    assertNoSubstitutions(app, values);
    for (const c of releaseValueComments(app)) comments.push({ path: ["releases", i, "values", 0, ...c.path], text: c.comment });
    const { url, version } = chartOf(app);
    // Same depName as the OCIRepository's tag, so Renovate bumps both in one branch.
    comments.push({ path: ["releases", i, "version"], text: chartRenovateComment(url) });
    return {
      name: app.name,
      namespace: app.namespace,
      // Roll back a failed install so a retry starts clean.
      atomic: true,
      chart: url,
      version,
      values: [values],
      ...(app.installAfter.length > 0 ? { needs: app.installAfter.map((d) => `${d.namespace}/${d.name}`) } : {}),
    };
  });
  const doc = annotate(
    { helmDefaults: { cleanupOnFail: true, wait: true, waitForJobs: true }, releases },
    { header: [schemaComment(SCHEMA.helmfile)], comments },
  );
  return [{ kind: "text", path: "bootstrap/helmfile.yaml", content: toYaml([doc]) }];
}
