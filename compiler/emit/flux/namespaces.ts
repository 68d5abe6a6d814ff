import type { ClusterModel } from "../../model/model.js";
import type { OutputFile } from "../../model/output.js";
import { kustomizeFile } from "./kustomize-file.js";
import { APPS_ROOT } from "./layout.js";
import { textFile } from "./outputs.js";

/**
 * `kubernetes/apps/<ns>/kustomization.yaml`: sets the namespace, pulls in the common component
 * (Namespace, shared repos, secrets) and registers every app's ks.yaml. labc writes these, so
 * registering an app can no longer be forgotten.
 */
export function namespaceKustomizations(cluster: ClusterModel): OutputFile[] {
  const byNamespace = new Map<string, string[]>();
  for (const app of cluster.apps) byNamespace.set(app.namespace, [...(byNamespace.get(app.namespace) ?? []), app.name]);
  return [...byNamespace.keys()].sort().map((ns) =>
    textFile(`${APPS_ROOT}/${ns}/kustomization.yaml`, [
      kustomizeFile({
        namespace: ns,
        components: ["../../components/common"],
        resources: [...byNamespace.get(ns)!].sort().map((name) => `./${name}/ks.yaml`),
      }),
    ]),
  );
}
