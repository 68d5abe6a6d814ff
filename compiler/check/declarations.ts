import type { DeclaredLink, Declarations } from "../model/declarations.js";
import type { Lowered, LoweredBond } from "./lower/lowered.js";
import type { Located } from "./fields/located.js";
import { keyGroupsModel } from "./lower/lower-key-groups.js";

/** The declarations downstream may read without a model, taken from the lowered tree once. */
export function declarationsOf(lowered: Lowered): Declarations {
  const cluster = lowered.cluster;
  const repo = cluster?.repository?.value;
  return {
    cluster: cluster && {
      name: cluster.name,
      span: cluster.span,
      talos: cluster.talos?.value,
      kubernetes: cluster.kubernetes?.value,
      endpoint: cluster.endpoint?.value,
      recipientsSpan: cluster.recipients[0]?.span,
      recipients: [...new Set(cluster.recipients.map((r) => r.value))],
      keys: keyGroupsModel(cluster),
      repository: repo ? { slug: `${repo.owner}/${repo.name}`, private: repo.visibility === "private" } : undefined,
    },
    networks: lowered.networks.map((n) => ({ name: n.name, cidr: n.cidr?.value, gateway: n.gateway?.value, vlan: n.vlan })),
    nodes: lowered.nodes.map((n) => ({
      name: n.name,
      role: n.role?.value,
      address: n.address?.value,
      network: n.network?.name,
      ...link(n.mac, n.bond),
      nics: n.nics.map((nic) => ({ name: nic.name, address: nic.address?.value, network: nic.network?.name, ...link(nic.mac, nic.bond) })),
      disk: n.disk,
    })),
    secrets: lowered.secrets.map((s) => ({ name: s.name, source: s.source, span: s.nameSpan })),
    apps: lowered.apps.map((a) => ({
      name: a.name,
      namespace: a.namespace,
      definition: a.definition,
      chart: a.chart,
      depends: a.depends.map((d) => d.value),
      params: Object.fromEntries(Object.entries(a.params).map(([k, v]) => [k, v.value])),
    })),
  };
}

function link(mac: Located<string> | undefined, bond: LoweredBond | undefined): DeclaredLink {
  return { mac: mac?.value, bond: bond && { macs: bond.macs.map((m) => m.value), mode: bond.mode } };
}
