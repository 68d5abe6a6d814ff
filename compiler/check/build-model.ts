import type { Reporter } from "../../lang/diagnostics/reporter.js";
import type { AppModel, AppRef, ChartSource, ClusterModel, NetworkModel, NodeModel, ParamValue } from "../model/model.js";
import { nodeLinks } from "./build-node-links.js";
import type { ClusterContext } from "../../stdlib/types.js";
import { loadBalancerAddressesOf } from "../model/load-balancers.js";
import { CUSTOM_DEFINITION } from "../../stdlib/custom-definition.js";
import type { Edge } from "./rules/graph.js";
import type { Lowered, LoweredApp, LoweredNetwork } from "./lower/lowered.js";
import type { CheckMemo } from "./check-memo.js";
import { normaliseVersion } from "./rules/versions.js";
import { keyGroupsModel } from "./lower/lower-key-groups.js";
import { escapeValuesForFlux, findSubstitution } from "./substitution.js";
import { mergeValues } from "../model/merge-values.js";
import { formatIPv4, networkOf, nthHost, parseIPv4 } from "../net/ipv4.js";
import { DEFAULT_PINS } from "../model/default-pins.js";
import { chartDepName, chartUrl, resolvePin, type LockedVersions, type VersionPin } from "../model/version-pins.js";
import { pinImageTags, sortPins } from "./pin-images.js";

/**
 * Assembles the ClusterModel once the rules found no errors. Returns undefined if a piece the
 * model needs is missing (which the readers have already reported).
 */
export function buildModel(l: Lowered, edges: ReadonlyMap<string, readonly Edge[]>, order: readonly string[], r: Reporter, locked?: LockedVersions, reuse?: { readonly memo: CheckMemo; readonly context: string }): ClusterModel | undefined {
  const c = l.cluster;
  if (!c?.talos || !c.kubernetes || !c.endpoint || !c.pods || !c.services || !c.domain || !c.repository) return undefined;
  const networks = new Map<string, NetworkModel>();
  for (const n of l.networks) {
    const model = networkModel(n);
    if (!model) return undefined;
    networks.set(n.name, model);
  }
  const nodes: NodeModel[] = [];
  for (const n of l.nodes) {
    const network = n.network && networks.get(n.network.name);
    if (!n.role || !n.address || !network || !n.disk || !n.schematic) return undefined;
    const links = nodeLinks(n, network, networks);
    if (!links) return undefined;
    const customization = n.schematic.value.customization;
    nodes.push({
      name: n.name,
      role: n.role.value,
      address: n.address.value,
      network,
      ...links,
      disk: n.disk,
      schematic: n.schematic.value.id,
      ...(customization ? { schematicCustomization: customization } : {}),
      secureboot: n.secureboot,
      encryptDisk: n.encryptDisk,
      ...(n.encryptDisk && n.diskKey ? { diskKey: n.diskKey.value } : {}),
      mtu: n.mtu ?? network.mtu,
      kernelModules: n.kernelModules,
      ...(n.patches.length > 0 ? { talosPatches: n.patches } : {}),
      span: n.span,
    });
  }
  const primary = nodes[0]?.network ?? [...networks.values()][0];
  if (!primary) return undefined;
  const repo = c.repository.value;
  const services = parseIPv4(c.services.value.address);
  const endpoint = c.endpoint.value;
  const context: ClusterContext = {
    name: c.name,
    talosVersion: normaliseVersion(c.talos.value),
    kubernetesVersion: normaliseVersion(c.kubernetes.value),
    endpoint,
    apiServerUrl: `https://${endpoint}:6443`,
    certSans: unique(["127.0.0.1", endpoint, ...c.sans.map((s) => s.value)]),
    podCidr: c.pods.value,
    serviceCidr: c.services.value,
    clusterDnsAddress: formatIPv4(nthHost(networkOf(services.ok ? services.value : 0, c.services.value.prefix), 10)),
    domain: c.domain.value,
    repository: {
      host: "github",
      owner: repo.owner,
      name: repo.name,
      branch: repo.branch,
      visibility: repo.visibility,
      url: repo.visibility === "private" ? `ssh://git@github.com/${repo.owner}/${repo.name}.git` : `https://github.com/${repo.owner}/${repo.name}.git`,
    },
    network: primary,
    networks: [...networks.values()],
    nodes,
    secrets: l.secrets.filter((s) => s.source).map((s) => ({ name: s.name, source: s.source!, span: s.span })),
    recipients: [...new Set(c.recipients.map((x) => x.value))],
    ...keyGroupsModel(c),
    pins: DEFAULT_PINS.map((p) => resolvePin(locked, p)),
    ...(c.patches.length + c.controlplanePatches.length + c.workerPatches.length > 0
      ? { talosPatches: { all: c.patches, controlplane: c.controlplanePatches, worker: c.workerPatches } }
      : {}),
    span: c.span,
  };

  const byName = new Map(l.apps.map((a) => [a.name, a]));
  const ref = (e: Edge): AppRef => ({ name: e.to, namespace: byName.get(e.to)!.namespace });
  // What a definition's defaults may read: the cluster context, built from these alone (the
  // lowering context string covers the declared names and the lock's versions).
  const inputs = reuse && reuse.memo.appInputs([reuse.context, c, ...l.networks, ...l.nodes, JSON.stringify(context.secrets.map((s) => [s.name, s.source]))]);
  const apps: AppModel[] = [];
  const appPins: VersionPin[] = [];
  for (const name of order) {
    const app = byName.get(name)!;
    const part = reuse && inputs ? reuse.memo.appModel(app, inputs, r, (own) => appPart(app, context, own, locked)) : appPart(app, context, r, locked);
    if (!part) return undefined;
    appPins.push(...part.pins);
    apps.push({
      name: app.name,
      namespace: app.namespace,
      definition: app.definition ?? CUSTOM_DEFINITION,
      chart: part.chart,
      values: part.values,
      dependsOn: (edges.get(name) ?? []).filter((e) => e.kind === "runtime").map(ref),
      installAfter: (edges.get(name) ?? []).map(ref),
      params: part.params,
      route: app.route?.value,
      bootstrap: part.bootstrap,
      span: app.span,
    });
  }
  const firstAppOfDefinition: Record<string, number> = Object.create(null) as Record<string, number>;
  apps.forEach((app, i) => (firstAppOfDefinition[app.definition.id] ??= i));
  return { ...context, apps, loadBalancerAddresses: loadBalancerAddressesOf(apps), firstAppOfDefinition, pins: sortPins([...context.pins, ...appPins]) };
}

/** An app's values (the definition's defaults under the user's), params and pins; undefined when a piece is missing (already reported). */
function appPart(app: LoweredApp, context: ClusterContext, r: Reporter, locked: LockedVersions | undefined): { chart: ChartSource; values: Record<string, unknown>; params: Record<string, ParamValue>; bootstrap: boolean; pins: VersionPin[] } | undefined {
  if (!app.chart) return undefined;
  const params: Record<string, ParamValue> = Object.fromEntries(Object.entries(app.params).map(([k, v]) => [k, v.value]));
  const missing = Object.entries(app.definition?.params ?? {}).find(([k, spec]) => spec.required && params[k] === undefined);
  if (missing) return undefined; // already reported where the value failed to read
  let defaults: Record<string, unknown> = {};
  try {
    defaults = app.definition ? app.definition.values({ cluster: context, name: app.name, namespace: app.namespace, params }) : {};
  } catch (error) {
    r.report("internalError", app.nameSpan, `the defaults of std.${app.definition?.id} failed for app '${app.name}': ${(error as Error).message}`);
    return undefined;
  }
  const pins: VersionPin[] = [];
  defaults = pinImageTags(defaults, app.userValues, locked, pins);
  if (app.pinnedVersion) pins.push({ kind: "chart", datasource: "docker", depName: chartDepName(chartUrl(app.chart)), version: app.chart.version });
  const values = mergeValues(defaults, escapeValuesForFlux(app.userValues) as Record<string, unknown>);
  const bootstrap = app.definition?.bootstrap ?? false;
  if (bootstrap) {
    // The user's own `${…}` is escaped for Flux above, which helmfile would install as `$${…}`:
    // look at what they wrote as well as at the merged values (the definition's defaults).
    const found = findSubstitution(app.userValues) ?? findSubstitution(values);
    if (found) {
      r.report("bootstrapSubstitution", app.valuesSpan ?? app.nameSpan, `values.${found.path} of '${app.name}' holds the Flux substitution ${found.text}, but helmfile installs '${app.name}' before Flux runs and would pass it on literally; use the literal value`);
    }
  }
  return { chart: app.chart, values, params, bootstrap, pins };
}

function networkModel(n: LoweredNetwork): NetworkModel | undefined {
  if (!n.cidr || !n.gateway) return undefined;
  return {
    name: n.name,
    cidr: n.cidr.value,
    gateway: n.gateway.value,
    nameservers: n.nameservers,
    ntpServers: n.ntp,
    vlan: n.vlan,
    mtu: n.mtu,
    span: n.span,
  };
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}
