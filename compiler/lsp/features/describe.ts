import type { DeclaredSymbol } from "../../check/symbol-index.js";
import type { FieldSpec } from "../../check/fields/field-types.js";
import { describeType } from "../../check/fields/field-types.js";
import type { Declarations, DeclaredNetwork } from "../../model/declarations.js";
import { loadBalancerAddressesOf } from "../../model/load-balancers.js";
import type { ChartSource, SecretSource } from "../../model/model.js";
import type { AppDefinition } from "../../../stdlib/types.js";
import { broadcast, contains, formatIPv4, networkOf, parseIPv4, type Network4 } from "../../net/ipv4.js";
import type { Analysis } from "../workspace/analysis.js";

/** Markdown for hovers: what a field means, and what a name resolves to. */

export function describeField(name: string, spec: FieldSpec | undefined, owner: string): string {
  if (!spec) return `**${name}**: not a field of ${owner}`;
  return `**${name}**${spec.required ? " (required)" : ""}: ${describeType(spec.type)}\n\n${capitalise(spec.doc)}`;
}

export function describeSymbol(analysis: Analysis, symbol: DeclaredSymbol): string {
  const declared = analysis.check.declarations;
  switch (symbol.kind) {
    case "node":
      return describeNode(declared, symbol.name);
    case "network":
      return describeNetwork(declared, symbol.name);
    case "app":
      return describeApp(declared, symbol.name);
    case "secret":
      return describeSecret(declared, symbol.name);
    case "cluster":
      return describeCluster(declared);
  }
}

export function describeDefinition(def: AppDefinition): string {
  const params = Object.entries(def.params).map(([name, p]) => `- \`${name}\`${p.required ? " (required)" : ""}: ${p.doc}`);
  return [
    `**std.${def.id}**: ${def.doc}`,
    `chart ${chartText(def.chart)}, namespace \`${def.namespace}\`${def.installAfter.length ? `, installed after ${def.installAfter.join(", ")}` : ""}${def.needs?.length ? `, needs ${def.needs.join(", ")} at run time` : ""}`,
    ...(params.length ? ["parameters:", ...params] : []),
  ].join("\n\n");
}

function describeNode(d: Declarations, name: string): string {
  const node = d.nodes.find((n) => n.name === name);
  if (!node) return `**node ${name}**`;
  const role = node.role ?? "role unknown";
  const where = node.address ? ` at \`${node.address}\`` : "";
  const network = node.network ? ` on network \`${node.network}\`` : "";
  const link = node.mac ? `MAC \`${node.mac}\`` : node.bond ? `bond of ${node.bond.macs.map((m) => `\`${m}\``).join(", ")}${node.bond.mode ? ` (${node.bond.mode})` : ""}` : undefined;
  const nics = node.nics.map((n) => `NIC \`${n.name}\`${n.address ? ` at \`${n.address}\`` : ""}${n.network ? ` on \`${n.network}\`` : ""}`);
  const extra = [link, ...nics, node.disk ? `disk ${node.disk.kind === "path" ? `\`${node.disk.path}\`` : "by selector"}` : undefined].filter(Boolean);
  return `**node ${name}**: ${role}${where}${network}${extra.length ? `\n\n${extra.join(", ")}` : ""}`;
}

function describeCluster(d: Declarations): string {
  const c = d.cluster;
  if (!c) return "**cluster**";
  const parts = [c.talos && `Talos ${c.talos}`, c.kubernetes && `Kubernetes ${c.kubernetes}`, c.endpoint && `API https://${c.endpoint}:6443`].filter(Boolean);
  return `**cluster ${c.name}**: ${parts.join(", ")}`;
}

function describeSecret(d: Declarations, name: string): string {
  const s = d.secrets.find((x) => x.name === name);
  return `**secret ${name}**: ${s?.source ? sourceText(s.source) : "source not readable"}`;
}

function sourceText(s: SecretSource): string {
  switch (s.kind) {
    case "env":
      return `read from the environment variable \`${s.variable}\``;
    case "file":
      return `read from the file \`${s.path}\``;
    case "generate":
      return s.generator === "token" ? `a generated ${s.length}-character token` : "a generated SSH Ed25519 key";
    case "store":
      return "kept encrypted in the secret store";
  }
}

function chartText(c: ChartSource): string {
  return c.kind === "oci" ? `\`${c.url}\` version \`${c.version}\`` : `app-template version \`${c.version}\``;
}

function describeApp(d: Declarations, name: string): string {
  const app = d.apps.find((a) => a.name === name);
  const def = app?.definition;
  const lines = [`**app ${name}**${def ? ` (std.${def.id})` : ""}${app ? ` in namespace \`${app.namespace}\`` : ""}`];
  if (app?.chart) lines.push(`chart ${chartText(app.chart)}`);
  if (app?.depends.length) lines.push(`depends on ${app.depends.map((dep) => `\`${dep}\``).join(", ")}`);
  if (def) lines.push(def.doc);
  return lines.join("\n\n");
}

/** The network's range, gateway, and which host addresses are taken and free. */
function describeNetwork(d: Declarations, name: string): string {
  const net = d.networks.find((n) => n.name === name);
  if (!net?.cidr) return `**network ${name}**`;
  const base = parseIPv4(net.cidr.address);
  if (!base.ok) return `**network ${name}**`;
  const range = networkOf(base.value, net.cidr.prefix);
  const used = usedAddresses(d, net, range);
  const first = range.prefix >= 31 ? range.base : range.base + 1;
  const last = range.prefix >= 31 ? broadcast(range) : broadcast(range) - 1;
  const taken = [...used.keys()].filter((a) => a >= first && a <= last).sort((a, b) => a - b);
  const free = last - first + 1 - taken.length;
  const lines = [`**network ${name}**: \`${net.cidr.text}\`${net.gateway ? `, gateway \`${net.gateway}\`` : ""}${net.vlan ? `, VLAN ${net.vlan}` : ""}`];
  lines.push(`${free} of ${last - first + 1} host addresses free${free > 0 ? `: ${freeRanges(first, last, taken).join(", ")}` : ""}`);
  if (taken.length) lines.push(`taken: ${taken.map((a) => `\`${formatIPv4(a)}\` ${used.get(a)}`).join(", ")}`);
  return lines.join("\n\n");
}

/** Who holds which address of the network's range; the first claim of an address names it. */
function usedAddresses(d: Declarations, net: DeclaredNetwork, range: Network4): Map<number, string> {
  const used = new Map<number, string>();
  const add = (text: string | undefined, who: string) => {
    const ip = text === undefined ? undefined : parseIPv4(text);
    if (ip?.ok && contains(range, ip.value) && !used.has(ip.value)) used.set(ip.value, who);
  };
  add(net.gateway, "(gateway)");
  add(d.cluster?.endpoint, "(API VIP)");
  for (const node of d.nodes) if (node.network === net.name) add(node.address, `(node ${node.name})`);
  for (const lb of loadBalancerAddressesOf(d.apps)) add(lb.address, `(${lb.app} ${lb.param})`);
  return used;
}

function freeRanges(first: number, last: number, taken: readonly number[]): string[] {
  const out: string[] = [];
  let from = first;
  for (const t of [...taken, last + 1]) {
    if (t > from) out.push(t - 1 === from ? `\`${formatIPv4(from)}\`` : `\`${formatIPv4(from)}\`–\`${formatIPv4(t - 1)}\``);
    from = t + 1;
  }
  return out.length > 4 ? [...out.slice(0, 4), `and ${out.length - 4} more ranges`] : out;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
