import type { ClusterModel } from "../model/model.js";
import type { OutputFile, SecretValues } from "../model/output.js";
import { appOfUnit, checkedAndSorted, emitUnitNames } from "./emit-unit-names.js";
import { runEmitUnit } from "./emit-units.js";

/** Every target's files for one cluster, in a stable order; `clusterRecipient` is the cluster's own age key. */
export async function emitAll(model: ClusterModel, secrets: SecretValues, clusterRecipient?: string): Promise<OutputFile[]> {
  const outputs: OutputFile[] = [];
  for (const name of emitUnitNames(model)) outputs.push(...(await runEmitUnit(name, model, appOfUnit(model, name), secrets, clusterRecipient)));
  return checkedAndSorted(outputs);
}
