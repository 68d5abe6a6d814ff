import type { Reporter } from "../../../lang/diagnostics/reporter.js";
import type { ClusterModel, NodeModel, TalosPatchModel } from "../../model/model.js";
import { clusterContract, machineConfigInput, nodePatchFiles, nodePatchPlan, patchFiles } from "../../talos/cluster/index.js";
import {
  applyConfigPatches, buildMachineConfigDocuments, placeholderSecretsBundle, validateTalosDocuments,
  type GoObject, type TalosContract,
} from "../../talos/index.js";

/**
 * The user's Talos patches (cluster.lab `patches`, `controlplane-patches`, `worker-patches`, and
 * a node's `patches`), judged the way talhelper would use them: applied in talhelper's order to
 * each node they reach, and the result checked against the Talos schema of the cluster's line.
 * A problem is reported at the path of the patch that brought it in.
 */
export function checkTalosPatches(model: ClusterModel, r: Reporter): void {
  checkClashes(model, r);
  if (!model.talosPatches && !model.nodes.some((n) => n.talosPatches)) return;
  let contract: TalosContract;
  try {
    contract = clusterContract(model);
  } catch {
    return; // an unsupported Talos version is versions.ts's error
  }
  const findings = new Findings();
  for (const node of model.nodes) judgeNode(model, node, contract, findings);
  findings.report(contract, r);
}

function problemsOf(contract: TalosContract, docs: readonly GoObject[]): Set<string> {
  return new Set(validateTalosDocuments(contract, docs).map((p) => `${p.document}: ${p.path}${p.path ? " " : ""}${p.message}`));
}

function judgeNode(model: ClusterModel, node: NodeModel, contract: TalosContract, findings: Findings): void {
  const plan = nodePatchPlan(model, node);
  if (!plan.some((p) => p.source)) return;
  const input = machineConfigInput(model, node, placeholderSecretsBundle());
  let docs: readonly GoObject[] = buildMachineConfigDocuments({ ...input, patches: [] });
  // Problems after each user patch: one that is there at the end is blamed on the earliest user
  // patch from which it never went away (a later patch may fix what an earlier one broke).
  const states: { source: TalosPatchModel; problems: Set<string> }[] = [];
  for (const step of plan) {
    try {
      docs = applyConfigPatches(docs, [step.patch]);
    } catch (error) {
      const message = (error as Error).message;
      const blame = step.source ?? states.at(-1)?.source;
      if (!blame) return; // labc's own patches failing without any user patch is labc's bug, not the user's
      findings.add(blame, node.name, step.source ? refusal(message, contract) : `after it, labc's ${step.file} no longer applies (${message})`, "refused");
      return;
    }
    if (step.source) states.push({ source: step.source, problems: problemsOf(contract, docs) });
  }
  for (const problem of problemsOf(contract, docs)) {
    let blame = states.at(-1)?.source;
    for (let i = states.length - 1; i >= 0 && states[i]!.problems.has(problem); i--) blame = states[i]!.source;
    if (blame) findings.add(blame, node.name, problem, "invalid");
  }
}

function refusal(message: string, contract: TalosContract): string {
  if (/JSON6902 patches are not supported for multi-document/.test(message)) {
    return `${message}: this Talos ${contract} machine config has several documents by now, so write the change as a strategic-merge patch`;
  }
  return message;
}

type Kind = "refused" | "invalid";

/** What each patch did wrong, on which nodes; one diagnostic per patch, naming its first problem. */
class Findings {
  private readonly byPatch = new Map<TalosPatchModel, Map<string, { kind: Kind; nodes: string[] }>>();

  add(patch: TalosPatchModel, node: string, problem: string, kind: Kind): void {
    const problems = this.byPatch.get(patch) ?? new Map<string, { kind: Kind; nodes: string[] }>();
    const entry = problems.get(problem) ?? { kind, nodes: [] };
    if (!entry.nodes.includes(node)) entry.nodes.push(node);
    problems.set(problem, entry);
    this.byPatch.set(patch, problems);
  }

  report(contract: TalosContract, r: Reporter): void {
    for (const [patch, problems] of this.byPatch) {
      const [[first, { kind, nodes }]] = [...problems] as [[string, { kind: Kind; nodes: string[] }]];
      const more = problems.size > 1 ? ` (and ${problems.size - 1} more problem${problems.size > 2 ? "s" : ""})` : "";
      const message =
        kind === "refused"
          ? `Talos would refuse ${patch.path} on ${nodeList(nodes)}: ${first}`
          : `${patch.path} leaves the Talos ${contract} machine config of ${nodeList(nodes)} invalid: ${first}${more}`;
      r.report("talosPatchRejected", patch.span, message);
    }
  }
}

function nodeList(nodes: readonly string[]): string {
  const shown = nodes.slice(0, 3).join(", ");
  return nodes.length > 3 ? `${shown} and ${nodes.length - 3} more nodes` : shown;
}

/**
 * Each patch is copied to talos/patches/<global|controller|worker|node>/<its file name>; two that
 * land on one file (same name in one list, or the name of labc's own patch) would overwrite each other.
 */
function checkClashes(model: ClusterModel, r: Reporter): void {
  const taken = new Map<string, TalosPatchModel | undefined>();
  const files = [
    ...patchFiles(model).map((f) => ({ at: `talos/patches/${f.layer}/${f.name}`, source: f.source })),
    ...model.nodes.flatMap((n) => nodePatchFiles(n)).map((f) => ({ at: `talos/patches/${f.node}/${f.name}`, source: f.source as TalosPatchModel | undefined })),
  ];
  for (const { at, source } of files) {
    if (!taken.has(at)) {
      taken.set(at, source);
      continue;
    }
    if (!source) continue;
    const first = taken.get(at);
    const message =
      first?.path === source.path
        ? `${source.path} is already in this list (it goes to ${at}); list it once`
        : `${source.path} would be written to ${at}, where ${first ? `${first.path}, listed earlier,` : "labc's own patch"} already goes; rename the file`;
    r.report("talosPatchClash", source.span, message, {
      ...(first ? { related: [{ span: first.span, message: `${first.path} goes to ${at}` }] } : {}),
    });
  }
}
