import type { ClusterModel } from "../../model/model.js";
import type { OutputFile, SecretValues } from "../../model/output.js";
import { appOutputs } from "./app-outputs.js";
import { clusterEntry } from "./cluster-entry.js";
import { commonComponent } from "./common-component.js";
import { namespaceKustomizations } from "./namespaces.js";
import { SecretTracker } from "./secret-tracker.js";

/**
 * The Flux side of the repository, laid out like cluster-template era A: flux/, components/common
 * and apps/<ns>/<app>. Secrets come back as SecretOutputs (plaintext, encrypted by the build);
 * the age private key is read as SecretValues entry `sops-age` (SOPS_AGE_SECRET).
 */
export function emitFlux(cluster: ClusterModel, secrets: SecretValues): OutputFile[] {
  const tracker = new SecretTracker(secrets);
  const outputs: OutputFile[] = [
    ...clusterEntry(),
    ...commonComponent(cluster, tracker),
    ...namespaceKustomizations(cluster),
    ...cluster.apps.flatMap((app) => appOutputs(cluster, app, tracker)),
  ];
  const seen = new Set<string>();
  for (const out of outputs) {
    if (seen.has(out.path)) throw new Error(`two outputs for ${out.path}`);
    seen.add(out.path);
  }
  return outputs.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
