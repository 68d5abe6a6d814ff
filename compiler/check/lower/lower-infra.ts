import type { Cidr, DiskKey, NodeRole, InstallDisk, NodeSchematic } from "../../model/model.js";
import type { NamedDeclaration } from "../bind.js";
import { readBlock, type Fields, type ReadContext } from "../fields/read-block.js";
import type { Located } from "../fields/located.js";
import type { RepositorySpec } from "../fields/read-calls.js";
import { formatIPv4, nthHost, parseIPv4 } from "../../net/ipv4.js";
import { clusterSchema, networkSchema, nodeSchema } from "../schemas.js";
import type { LoweredCluster, LoweredNetwork, LoweredNode } from "./lowered.js";
import { lowerPatches } from "./lower-patches.js";
import { lowerKeyGroups } from "./lower-key-groups.js";
import { lowerLink, lowerNics, lowerRoutes } from "./lower-nics.js";

function get<T>(fields: Fields, name: string): Located<T> | undefined {
  return fields.get(name) as Located<T> | undefined;
}

function list<T>(fields: Fields, name: string): Located<T>[] {
  return (fields.get(name)?.value as Located<T>[] | undefined) ?? [];
}

export const DEFAULT_PODS: Cidr = { address: "10.42.0.0", prefix: 16, text: "10.42.0.0/16" };
export const DEFAULT_SERVICES: Cidr = { address: "10.43.0.0", prefix: 16, text: "10.43.0.0/16" };
export const DEFAULT_NAMESERVERS = ["1.1.1.1", "1.0.0.1"];
export const DEFAULT_NTP = ["162.159.200.1", "162.159.200.123"];

export function lowerCluster(d: NamedDeclaration, ctx: ReadContext): LoweredCluster {
  const f = readBlock(d.decl.body, clusterSchema, ctx, { what: `cluster '${d.name}'`, span: d.nameSpan });
  const span = d.decl.span;
  const pods = get<Cidr>(f, "pods") ?? (f.has("pods") ? undefined : { value: DEFAULT_PODS, span: d.nameSpan });
  const services = get<Cidr>(f, "services") ?? (f.has("services") ? undefined : { value: DEFAULT_SERVICES, span: d.nameSpan });
  const out: LoweredCluster = {
    name: d.name,
    nameSpan: d.nameSpan,
    span,
    ...opt("talos", get<string>(f, "talos")),
    ...opt("kubernetes", get<string>(f, "kubernetes")),
    ...opt("endpoint", get<string>(f, "endpoint")),
    ...opt("pods", pods),
    ...opt("services", services),
    ...opt("domain", get<string>(f, "domain")),
    ...opt("repository", get<RepositorySpec>(f, "repository")),
    sans: list<string>(f, "sans"),
    ...lowerKeyGroups(f, ctx.reporter),
    patches: lowerPatches(f, "patches", ctx),
    controlplanePatches: lowerPatches(f, "controlplane-patches", ctx),
    workerPatches: lowerPatches(f, "worker-patches", ctx),
  };
  for (const r of out.recipients) {
    if (!/^age1(pq1)?[02-9ac-hj-np-z]{20,}$/.test(r.value)) {
      ctx.reporter.report("invalidLiteral", r.span, `'${r.value.slice(0, 16)}…' is not an age recipient (public keys start with age1; never put a private AGE-SECRET-KEY here)`);
    }
  }
  return out;
}

export function lowerNetwork(d: NamedDeclaration, ctx: ReadContext): LoweredNetwork {
  const f = readBlock(d.decl.body, networkSchema, ctx, { what: `network '${d.name}'`, span: d.nameSpan });
  const cidr = get<Cidr>(f, "cidr");
  let gateway = get<string>(f, "gateway");
  if (!gateway && !f.has("gateway") && cidr) {
    const base = parseIPv4(cidr.value.address);
    if (base.ok) gateway = { value: formatIPv4(nthHost({ base: base.value, prefix: cidr.value.prefix }, 1)), span: cidr.span };
  }
  return {
    name: d.name,
    nameSpan: d.nameSpan,
    span: d.decl.span,
    ...opt("cidr", cidr),
    ...opt("gateway", gateway),
    nameservers: f.has("nameservers") ? list<string>(f, "nameservers").map((x) => x.value) : DEFAULT_NAMESERVERS,
    ntp: f.has("ntp") ? list<string>(f, "ntp").map((x) => x.value) : DEFAULT_NTP,
    ...opt("vlan", get<number>(f, "vlan")?.value),
    mtu: get<number>(f, "mtu")?.value ?? 1500,
  };
}

export function lowerNode(d: NamedDeclaration, ctx: ReadContext, networks: ReadonlyMap<string, LoweredNetwork>): LoweredNode {
  const f = readBlock(d.decl.body, nodeSchema, ctx, { what: `node '${d.name}'`, span: d.nameSpan });
  let network: LoweredNetwork | undefined;
  const networkName = get<string>(f, "network");
  if (networkName) network = networks.get(networkName.value);
  else if (!f.has("network")) {
    if (networks.size === 1) network = [...networks.values()][0];
    else if (networks.size === 0) {
      ctx.reporter.report("missingField", d.nameSpan, `node '${d.name}' needs a network, and none is declared; add 'network lan { cidr = 192.168.1.0/24 }'`);
    } else {
      ctx.reporter.report("missingField", d.nameSpan, `node '${d.name}' must say which network it is on: network = ${[...networks.keys()].join(" | ")}`);
    }
  }
  const schematic = get<NodeSchematic>(f, "schematic");
  const written = new Set((d.decl.body?.entries ?? []).map((e) => e.key.name));
  const link = lowerLink(f, (name) => written.has(name), { what: `node '${d.name}'`, span: d.nameSpan, block: d.decl.body }, ctx);
  return {
    name: d.name,
    nameSpan: d.nameSpan,
    span: d.decl.span,
    ...opt("role", get<NodeRole>(f, "role")),
    ...opt("address", get<string>(f, "address")),
    ...opt("network", network),
    ...link,
    nics: lowerNics(f, d.name, networks, ctx),
    routes: lowerRoutes(f),
    ...opt("disk", get<InstallDisk>(f, "disk")?.value),
    ...opt("schematic", schematic),
    secureboot: get<boolean>(f, "secureboot")?.value ?? false,
    encryptDisk: get<boolean>(f, "encrypt-disk")?.value ?? false,
    ...opt("encryptDiskEntry", d.decl.body?.entries.find((e) => e.key.name === "encrypt-disk")?.span),
    ...opt("diskKey", get<DiskKey>(f, "disk-key")),
    ...opt("mtu", get<number>(f, "mtu")?.value),
    kernelModules: list<string>(f, "kernel-modules").map((x) => x.value),
    patches: lowerPatches(f, "patches", ctx),
  };
}

/** Spreads `{ key: value }` only when value is defined (exactOptionalPropertyTypes-friendly). */
export function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
