import type { AppDefinition } from "../../stdlib/types.js";
import { stdlib } from "../../stdlib/index.js";
import { APP_TEMPLATE_URL } from "../model/well-known.js";
import { at, isRecord, str, type RepoFiles } from "./repo-files.js";
import type { Unmapped } from "./unmapped.js";

/**
 * The apps of `kubernetes/apps/<namespace>/<app>/`, as found: chart, HelmRelease values,
 * dependencies and the stdlib definition each one matches. Parameters are read back from the
 * files the definition writes (the Gateway addresses of Cilium, the DNS address of k8s-gateway…).
 */
export interface FoundApp {
  readonly name: string;
  readonly namespace: string;
  /** undefined: a chart no stdlib definition uses (`chart = oci(…)`). */
  readonly definition: AppDefinition | undefined;
  readonly appTemplate: boolean;
  readonly url: string;
  readonly version: string;
  readonly values: Record<string, unknown>;
  readonly dependsOn: readonly string[];
  /** Parameter values as .lab source text (addresses, enums, numbers) or secret names. */
  readonly params: ReadonlyMap<string, { readonly text: string; readonly secret?: boolean }>;
  /** Files of the app folder (for the report of what was not reproduced). */
  readonly files: readonly string[];
}

/** Secret parameter → the secret name `labc init` uses, so one Cloudflare token serves both apps. */
const SECRET_NAMES: Readonly<Record<string, string>> = {
  "cert-manager/token": "cloudflare-token",
  "cloudflare-dns/token": "cloudflare-token",
  "cloudflare-tunnel/credentials": "tunnel-credentials",
  "flux-instance/webhook-token": "webhook-token",
};

export function secretNameFor(definition: string, param: string, app: string): string {
  return SECRET_NAMES[`${definition}/${param}`] ?? `${app}-${param}`;
}

export function readApps(repo: RepoFiles, unmapped: Unmapped): FoundApp[] {
  const apps: FoundApp[] = [];
  for (const namespace of repo.folders("kubernetes/apps")) {
    for (const name of repo.folders(`kubernetes/apps/${namespace}`)) {
      const dir = `kubernetes/apps/${namespace}/${name}`;
      if (!repo.exists(`${dir}/ks.yaml`)) {
        unmapped.add(dir, "no ks.yaml: not a Flux app folder");
        continue;
      }
      const found = readApp(repo, dir, name, namespace, unmapped);
      if (found) apps.push(found);
    }
  }
  return apps;
}

function readApp(repo: RepoFiles, dir: string, name: string, namespace: string, unmapped: Unmapped): FoundApp | undefined {
  const docs = [...repo.documents(`${dir}/app/helmrelease.yaml`), ...repo.documents(`${dir}/app/ocirepository.yaml`)].filter(isRecord);
  const release = docs.find((d) => d["kind"] === "HelmRelease");
  if (!release) {
    unmapped.add(dir, "no HelmRelease in app/helmrelease.yaml; only Helm apps are imported");
    return undefined;
  }
  const chartRef = str(at(release, "spec", "chartRef", "name"));
  let url: string | undefined;
  let version: string | undefined;
  const appTemplate = chartRef === "app-template" && !docs.some((d) => d["kind"] === "OCIRepository" && at(d, "metadata", "name") === "app-template");
  if (appTemplate) {
    const shared = repo.document("kubernetes/components/common/repos/app-template/ocirepository.yaml");
    url = str(at(shared, "spec", "url")) ?? APP_TEMPLATE_URL;
    version = str(at(shared, "spec", "ref", "tag"));
  } else {
    const source = docs.find((d) => d["kind"] === "OCIRepository" && (chartRef === undefined || at(d, "metadata", "name") === chartRef));
    url = str(at(source, "spec", "url"));
    version = str(at(source, "spec", "ref", "tag"));
  }
  if (!url || !version) {
    unmapped.add(dir, "the HelmRelease's chart is not an OCIRepository with a tag (HelmRepository sources are not imported)");
    return undefined;
  }
  const definition = matchDefinition(name, appTemplate, url);
  const values = isRecord(at(release, "spec", "values")) ? (at(release, "spec", "values") as Record<string, unknown>) : {};
  if (at(release, "spec", "valuesFrom") !== undefined) unmapped.add(dir, "spec.valuesFrom is not imported; put the values in cluster.lab");
  const depends = (deps: unknown) => (Array.isArray(deps) ? deps.map((d) => str(at(d, "name"))).filter((d): d is string => d !== undefined) : []);
  const ks = repo.documents(`${dir}/ks.yaml`).filter(isRecord);
  const dependsOn = [...new Set([...depends(at(release, "spec", "dependsOn")), ...depends(at(ks.find((k) => at(k, "metadata", "name") === name) ?? ks[0], "spec", "dependsOn"))])];
  const params = definition ? readParams(repo, dir, definition, name, values, unmapped) : new Map();
  return { name, namespace, definition, appTemplate, url, version, values, dependsOn, params, files: repo.files(dir) };
}

function matchDefinition(name: string, appTemplate: boolean, url: string): AppDefinition | undefined {
  const all = [...stdlib.values()];
  if (appTemplate) {
    // An app-template app is a stdlib app only when its name says so (cloudflare-tunnel).
    const named = stdlib.get(name);
    return named && named.chart.kind === "app-template" ? named : stdlib.get("app-template");
  }
  return all.find((d) => d.id === name && d.chart.kind === "oci" && d.chart.url === url) ?? all.find((d) => d.chart.kind === "oci" && d.chart.url === url);
}

function readParams(repo: RepoFiles, dir: string, def: AppDefinition, app: string, values: Record<string, unknown>, unmapped: Unmapped) {
  const params = new Map<string, { text: string; secret?: boolean }>();
  const set = (param: string, text: string | undefined) => {
    if (text !== undefined) params.set(param, { text });
  };
  for (const [param, spec] of Object.entries(def.params)) {
    if (spec.type === "secret") params.set(param, { text: secretNameFor(def.id, param, app), secret: true });
  }
  switch (def.id) {
    case "cilium": {
      set("internal-gateway", str(at(repo.document(`${dir}/gateway/internal.yaml`), "spec", "addresses", 0, "value")));
      set("external-gateway", str(at(repo.document(`${dir}/gateway/external.yaml`), "spec", "addresses", 0, "value")));
      const mode = str(at(values, "loadBalancer", "mode"));
      if (mode && mode !== def.params["lb-mode"]?.default) set("lb-mode", mode);
      const bgp = repo.documents(`${dir}/app/networks.yaml`).find((d) => at(d, "kind") === "CiliumBGPClusterConfig");
      if (bgp) {
        set("bgp-node-asn", str(at(bgp, "spec", "bgpInstances", 0, "localASN")));
        const peer = at(bgp, "spec", "bgpInstances", 0, "peers", 0);
        set("bgp-router", str(at(peer, "peerAddress")));
        set("bgp-router-asn", str(at(peer, "peerASN")));
      }
      break;
    }
    case "k8s-gateway":
      set("address", str(at(values, "service", "annotations", "lbipam.cilium.io/ips")));
      break;
  }
  for (const [param, spec] of Object.entries(def.params)) {
    if (spec.required && !params.has(param)) unmapped.add(dir, `parameter '${param}' of std.${def.id} not found; set it in cluster.lab`);
  }
  return params;
}
