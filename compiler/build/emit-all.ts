import type { ClusterModel } from "../model/model.js";
import type { OutputFile, SecretValues } from "../model/output.js";
import { emitFlux } from "../emit/flux/index.js";
import { emitBootstrap, emitDeployKey } from "../emit/bootstrap/index.js";
import { emitTalhelper } from "../emit/talhelper/index.js";
import { emitRepo } from "../emit/repo/index.js";
import { emitTooling } from "../emit/tooling/index.js";
import { appGraph, architectureGraph, renderMermaid } from "../graph/index.js";
import { LABC_VERSION } from "../version.js";

/** Every target's files for one cluster, in a stable order; `clusterRecipient` is the cluster's own age key. */
export async function emitAll(model: ClusterModel, secrets: SecretValues, clusterRecipient?: string): Promise<OutputFile[]> {
  const graphs = { apps: renderMermaid(appGraph(model)), architecture: renderMermaid(architectureGraph(model)) };
  const outputs = [
    ...emitTalhelper(model),
    ...emitBootstrap(model),
    ...emitDeployKey(model, secrets),
    ...emitFlux(model, secrets),
    ...(await emitRepo(model, { labcVersion: LABC_VERSION, graphs, ...(clusterRecipient ? { clusterRecipient } : {}) })),
    ...emitTooling(model, { labcVersion: LABC_VERSION }),
  ];
  const seen = new Set<string>();
  for (const o of outputs) {
    if (seen.has(o.path)) throw new Error(`two generators wrote ${o.path}`);
    seen.add(o.path);
  }
  return outputs.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
