import type { AppModel, ClusterModel } from "../model/model.js";
import type { OutputFile, SecretValues } from "../model/output.js";
import { emitBootstrap, emitDeployKey } from "../emit/bootstrap/index.js";
import { emitTalhelper } from "../emit/talhelper/index.js";
import { emitRepo } from "../emit/repo/index.js";
import { emitTooling } from "../emit/tooling/index.js";
import { appOutputs } from "../emit/flux/app-outputs.js";
import { clusterEntry } from "../emit/flux/cluster-entry.js";
import { commonComponent } from "../emit/flux/common-component.js";
import { namespaceKustomizations } from "../emit/flux/namespaces.js";
import { SecretTracker } from "../emit/flux/secret-tracker.js";
import { appGraph, architectureGraph, renderMermaid } from "../graph/index.js";
import { LABC_VERSION } from "../version.js";
import type { EmitUnitName } from "./emit-unit-names.js";

/**
 * Runs one emit unit (see emit-unit-names.ts); `app` is the app of an app's unit, one of
 * `cluster.apps`. The model may be a proxy that records what the unit reads.
 */
export async function runEmitUnit(name: EmitUnitName, cluster: ClusterModel, app: AppModel | undefined, secrets: SecretValues, clusterRecipient: string | undefined): Promise<OutputFile[]> {
  switch (name) {
    case "talhelper":
      return emitTalhelper(cluster);
    case "bootstrap":
      return emitBootstrap(cluster);
    case "deploy-key":
      return emitDeployKey(cluster, secrets);
    case "flux-entry":
      return clusterEntry();
    case "flux-common":
      return commonComponent(cluster, new SecretTracker(secrets));
    case "flux-namespaces":
      return namespaceKustomizations(cluster);
    case "repo": {
      const graphs = { apps: renderMermaid(appGraph(cluster)), architecture: renderMermaid(architectureGraph(cluster)) };
      return emitRepo(cluster, { labcVersion: LABC_VERSION, graphs, ...(clusterRecipient ? { clusterRecipient } : {}) });
    }
    case "tooling":
      return emitTooling(cluster, { labcVersion: LABC_VERSION });
    default:
      if (!app) throw new Error(`no emit unit ${name}`);
      return appOutputs(cluster, app, new SecretTracker(secrets));
  }
}
