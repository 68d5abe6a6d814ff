import { nodeNics, type AppModel, type AppRef, type BondModel, type ClusterModel, type NodeModel, type SchematicCustomization, type SecretSource, type StaticRouteModel } from "../../model/model.js";
import { schematicFiles } from "../talhelper/index.js";
import { talosRule, kubernetesRule } from "../../model/sops-rules.js";
import { DEPLOY_KEY_SECRET } from "../../model/well-known.js";

/**
 * The data README.md is rendered from: every value the template prints, already formatted, so
 * the template holds only prose and layout. Keys are always present (null when absent) because
 * the template is compiled in strict mode, which turns a misspelt field into an error.
 */
/** compiler/build's secret store file, beside cluster.lab (not imported: emitters do not depend on the build). */
const storeFile = "secrets.sops.yaml";
/** The deploy key the build makes for a private repository unless a secret of this name is declared. */
const deployKeySecret = DEPLOY_KEY_SECRET;

function makesDeployKey(cluster: ClusterModel): boolean {
  return cluster.repository.visibility === "private" && !cluster.secrets.some((s) => s.name === deployKeySecret);
}

export interface ReadmeInfo {
  readonly labcVersion: string;
  /** Mermaid sources, embedded as ```mermaid blocks. */
  readonly graphs?: { readonly apps?: string; readonly architecture?: string };
  /** The cluster's own age key (Flux's), when the build knows it: a recipient of the Kubernetes secrets. */
  readonly clusterRecipient?: string;
}

export interface ReadmeView {
  readonly labcVersion: string;
  readonly cluster: {
    readonly name: string;
    readonly talosVersion: string;
    readonly kubernetesVersion: string;
    readonly endpoint: string;
    readonly apiServerUrl: string;
    readonly certSans: string;
    readonly podCidr: string;
    readonly serviceCidr: string;
    readonly clusterDnsAddress: string;
  };
  readonly repository: {
    readonly slug: string;
    readonly webUrl: string;
    readonly url: string;
    readonly branch: string;
    readonly isPrivate: boolean;
  };
  readonly nodes: readonly NodeRow[];
  readonly nodeCount: number;
  readonly plural: boolean;
  readonly controlPlaneCount: number;
  readonly workerCount: number;
  readonly controlPlanesPlural: boolean;
  readonly workersPlural: boolean;
  readonly singleControlPlane: boolean;
  readonly evenControlPlanes: boolean;
  readonly etcdFaultTolerance: number;
  readonly firstControlPlane: { readonly name: string; readonly address: string };
  readonly anyVlan: boolean;
  /** Some node has a bond or more than one NIC. */
  readonly anyExtraLinks: boolean;
  readonly networks: readonly NetworkRow[];
  readonly loadBalancerAddresses: readonly AddressRow[];
  readonly bootImages: readonly BootImageRow[];
  /** Schematics labc computed from extension lists: the file to register with the image factory. */
  readonly schematicFiles: readonly SchematicFileRow[];
  readonly apps: readonly AppRow[];
  readonly bootstrapApps: readonly AppRow[];
  readonly secrets: readonly SecretRow[];
  /** True when a secret lives in labc's store (generated or `store()`). */
  readonly usesStore: boolean;
  readonly recipients: readonly string[];
  readonly sops: { readonly talosRule: string; readonly kubernetesRule: string };
  readonly graphs: { readonly apps: string | null; readonly architecture: string | null };
}

interface NodeRow {
  readonly name: string;
  readonly role: string;
  readonly address: string;
  readonly mac: string;
  readonly network: string;
  readonly vlan: string;
  readonly mtu: number;
  readonly disk: string;
  readonly extras: string;
}

interface NetworkRow {
  readonly name: string;
  readonly cidr: string;
  readonly gateway: string;
  readonly vlan: string;
  readonly nameservers: string;
  readonly ntpServers: string;
}

interface AddressRow {
  readonly address: string;
  readonly owner: string;
}

interface BootImageRow {
  readonly nodes: string;
  readonly iso: string;
  readonly installer: string;
}

interface SchematicFileRow {
  readonly id: string;
  readonly path: string;
  readonly contents: string;
}

interface AppRow {
  readonly name: string;
  readonly namespace: string;
  readonly chart: string;
  readonly version: string;
  readonly installedBy: string;
  readonly route: string;
  readonly installAfter: string;
  readonly dependsOn: string;
}

interface SecretRow {
  readonly name: string;
  readonly source: string;
}

export function readmeView(cluster: ClusterModel, info: ReadmeInfo): ReadmeView {
  const controlPlanes = cluster.nodes.filter((n) => n.role === "controlplane");
  const first = controlPlanes[0] ?? cluster.nodes[0];
  if (!first) throw new Error("README: the cluster has no nodes");
  const apps = cluster.apps.map(appRow);
  const repo = cluster.repository;
  return {
    labcVersion: info.labcVersion,
    cluster: {
      name: cluster.name,
      talosVersion: cluster.talosVersion,
      kubernetesVersion: cluster.kubernetesVersion,
      endpoint: cluster.endpoint,
      apiServerUrl: cluster.apiServerUrl,
      certSans: cluster.certSans.map((s) => `\`${s}\``).join(", "),
      podCidr: cluster.podCidr.text,
      serviceCidr: cluster.serviceCidr.text,
      clusterDnsAddress: cluster.clusterDnsAddress,
    },
    repository: {
      slug: `${repo.owner}/${repo.name}`,
      webUrl: `https://github.com/${repo.owner}/${repo.name}`,
      url: repo.url,
      branch: repo.branch,
      isPrivate: repo.visibility === "private",
    },
    nodes: cluster.nodes.map(nodeRow),
    nodeCount: cluster.nodes.length,
    plural: cluster.nodes.length !== 1,
    controlPlaneCount: controlPlanes.length,
    workerCount: cluster.nodes.length - controlPlanes.length,
    controlPlanesPlural: controlPlanes.length !== 1,
    workersPlural: cluster.nodes.length - controlPlanes.length !== 1,
    singleControlPlane: controlPlanes.length === 1,
    evenControlPlanes: controlPlanes.length > 0 && controlPlanes.length % 2 === 0,
    etcdFaultTolerance: Math.floor((controlPlanes.length - 1) / 2),
    firstControlPlane: { name: first.name, address: first.address },
    anyVlan: cluster.nodes.some((n) => nodeNics(n).some((nic) => nic.network.vlan !== undefined)),
    anyExtraLinks: cluster.nodes.some((n) => nodeNics(n).length > 1 || nodeNics(n).some((nic) => nic.bond)),
    networks: distinctNetworks(cluster).map((n) => ({
      name: n.name,
      cidr: n.cidr.text,
      gateway: n.gateway,
      vlan: n.vlan === undefined ? "untagged" : String(n.vlan),
      nameservers: n.nameservers.join(", "),
      ntpServers: n.ntpServers.join(", "),
    })),
    loadBalancerAddresses: cluster.loadBalancerAddresses.map((lb) => ({ address: lb.address, owner: `\`${lb.namespace}/${lb.app}\` (\`${lb.param}\`)` })),
    bootImages: bootImages(cluster),
    schematicFiles: schematicFiles(cluster).map((f) => ({ id: f.id, path: f.path, contents: describeSchematic(f.customization) })),
    apps,
    bootstrapApps: apps.filter((_, i) => cluster.apps[i]!.bootstrap),
    secrets: [
      ...cluster.secrets.map((s) => ({ name: s.name, source: describeSource(s.source) })),
      ...(makesDeployKey(cluster) ? [{ name: deployKeySecret, source: `the private repository's deploy key: an ed25519 SSH key generated by labc, then kept in \`${storeFile}\`` }] : []),
    ],
    usesStore: makesDeployKey(cluster) || cluster.secrets.some((s) => s.source.kind === "generate" || s.source.kind === "store"),
    recipients: [...cluster.recipients],
    sops: { talosRule: tableCell(talosRule), kubernetesRule: tableCell(kubernetesRule) },
    graphs: { apps: info.graphs?.apps?.trim() || null, architecture: info.graphs?.architecture?.trim() || null },
  };
}

/** A `|` would end a Markdown table cell, even inside a code span. */
function tableCell(text: string): string {
  return text.replaceAll("|", "\\|");
}

/** The MAC column: the NIC's MAC, or a bond's members and mode. */
function linkText(link: { readonly mac?: string; readonly bond?: BondModel }): string {
  return link.bond ? `${link.bond.macs.join(" + ")} (${link.bond.mode} bond)` : (link.mac ?? "");
}

function routesText(routes: readonly StaticRouteModel[]): string {
  return routes.map((r) => `${r.to.text} via ${r.via}`).join(", ");
}

function nodeRow(node: NodeModel): NodeRow {
  const extras = [
    node.secureboot ? "Secure Boot" : "",
    node.encryptDisk ? ((node.diskKey ?? "tpm") === "tpm" ? "TPM disk encryption" : "disk encryption (node ID key)") : "",
    node.kernelModules.length > 0 ? `modules: ${node.kernelModules.join(", ")}` : "",
    node.schematicCustomization?.extensions.length ? `extensions: ${node.schematicCustomization.extensions.join(", ")}` : "",
    node.routes?.length ? `routes: ${routesText(node.routes)}` : "",
    ...(node.nics ?? []).map((nic) => {
      const vlan = nic.network.vlan === undefined ? "" : `, VLAN ${nic.network.vlan}`;
      const routes = nic.routes.length > 0 ? `, routes: ${routesText(nic.routes)}` : "";
      return `NIC ${nic.name}: ${nic.address}/${nic.network.cidr.prefix} on ${nic.network.name}${vlan}, ${linkText(nic)}, MTU ${nic.mtu}${routes}`;
    }),
  ].filter((x) => x !== "");
  return {
    name: node.name,
    role: node.role === "controlplane" ? "control plane" : "worker",
    address: `${node.address}/${node.network.cidr.prefix}`,
    mac: linkText(node),
    network: node.network.name,
    vlan: node.network.vlan === undefined ? "untagged" : String(node.network.vlan),
    mtu: node.mtu,
    disk: describeDisk(node),
    extras: extras.length > 0 ? extras.join("; ") : "none",
  };
}

function describeDisk(node: NodeModel): string {
  const disk = node.disk;
  if (disk.kind === "path") return `\`${disk.path}\``;
  const parts: string[] = [];
  if (disk.serial !== undefined) parts.push(`serial \`${disk.serial}\``);
  if (disk.model !== undefined) parts.push(`model \`${disk.model}\``);
  if (disk.busPath !== undefined) parts.push(`bus path \`${disk.busPath}\``);
  return parts.join(", ");
}

function distinctNetworks(cluster: ClusterModel): ClusterModel["networks"] {
  const used = new Set(cluster.nodes.flatMap((n) => nodeNics(n).map((nic) => nic.network.name)));
  return cluster.networks.filter((n) => used.has(n.name));
}

/** One Talos boot ISO per distinct image (schematic + Secure Boot); nodes sharing one are grouped. */
function bootImages(cluster: ClusterModel): BootImageRow[] {
  const groups = new Map<string, { nodes: string[]; node: NodeModel }>();
  for (const node of cluster.nodes) {
    const key = `${node.schematic}/${node.secureboot}`;
    const group = groups.get(key) ?? { nodes: [], node };
    group.nodes.push(node.name);
    groups.set(key, group);
  }
  return [...groups.values()].map(({ nodes, node }) => {
    const base = `https://factory.talos.dev/image/${node.schematic}/${cluster.talosVersion}`;
    const suffix = node.secureboot ? "-secureboot" : "";
    return {
      nodes: nodes.map((n) => `\`${n}\``).join(", "),
      iso: `${base}/metal-amd64${suffix}.iso`,
      installer: `factory.talos.dev/installer${suffix}/${node.schematic}:${cluster.talosVersion}`,
    };
  });
}

function describeSchematic(c: SchematicCustomization): string {
  const parts = [c.extensions.length > 0 ? `extensions ${c.extensions.join(", ")}` : "", c.kernelArgs.length > 0 ? `kernel arguments ${c.kernelArgs.join(" ")}` : ""].filter((x) => x !== "");
  return parts.length > 0 ? parts.join("; ") : "no extensions (stock Talos)";
}

function appRow(app: AppModel): AppRow {
  const chart =
    app.chart.kind === "oci" ? `\`${app.chart.url}\`` : "bjw-s `app-template` (shared OCIRepository)";
  return {
    name: app.name,
    namespace: app.namespace,
    chart,
    version: app.chart.version,
    installedBy: app.bootstrap ? "helmfile, then Flux" : "Flux",
    route: app.route ? `\`${app.route.host}\` on the \`${app.route.gateway}\` gateway` : "none",
    installAfter: refsText(app.installAfter),
    dependsOn: refsText(app.dependsOn),
  };
}

function refsText(refs: readonly AppRef[]): string {
  return refs.length > 0 ? refs.map((d) => `\`${d.namespace}/${d.name}\``).join(", ") : "none";
}

function describeSource(source: SecretSource): string {
  switch (source.kind) {
    case "env":
      return `environment variable \`${source.variable}\` at build time`;
    case "file":
      return `file \`${source.path}\` at build time`;
    case "generate":
      return `generated by labc (${source.generator === "token" ? `${source.length} random bytes, hex-encoded` : "ed25519 SSH key"}), then kept in \`${storeFile}\``;
    case "store":
      return `labc's encrypted store \`${storeFile}\``;
  }
}
