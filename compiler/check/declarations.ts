import type { Declarations } from "../model/declarations.js";
import type { Lowered } from "./lower/lowered.js";
import { keyGroupsModel } from "./lower/lower-key-groups.js";

/** The declarations downstream may read without a model, taken from the lowered tree once. */
export function declarationsOf(lowered: Lowered): Declarations {
  const cluster = lowered.cluster;
  const repo = cluster?.repository?.value;
  return {
    cluster: cluster && {
      span: cluster.span,
      recipientsSpan: cluster.recipients[0]?.span,
      recipients: [...new Set(cluster.recipients.map((r) => r.value))],
      keys: keyGroupsModel(cluster),
      repository: repo ? { slug: `${repo.owner}/${repo.name}`, private: repo.visibility === "private" } : undefined,
    },
    secrets: lowered.secrets.map((s) => ({ name: s.name, source: s.source, span: s.nameSpan })),
    apps: lowered.apps.map((a) => ({ name: a.name, namespace: a.namespace, params: Object.fromEntries(Object.entries(a.params).map(([k, v]) => [k, v.value])) })),
  };
}
