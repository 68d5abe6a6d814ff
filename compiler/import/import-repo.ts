import { resolve } from "node:path";
import { releaseValues } from "../emit/flux/release-values.js";
import { discoverAgeIdentities, type DiscoveredIdentities } from "../secrets/age/index.js";
import { decryptSops } from "../secrets/sops/index.js";
import { APP_TEMPLATE_URL } from "../model/well-known.js";
import { clusterRecipientOf } from "../secrets-store/cluster-key.js";
import { kubernetesRule } from "../model/sops-rules.js";
import { declarationOrder } from "./app-order.js";
import { checkText } from "./check-text.js";
import { importInfra } from "./import-infra.js";
import { fromData, printLab, raw, type LabDeclaration, type LabEntry } from "./lab-text.js";
import { readApps, type FoundApp } from "./read-apps.js";
import { at, isRecord, str, RepoFiles } from "./repo-files.js";
import { Unmapped } from "./unmapped.js";
import { valuesOverride } from "./values-diff.js";
import { verifyImport, type Verification } from "./verify.js";
import type { AppModel } from "../model/model.js";
import { chartDepName } from "../model/version-pins.js";
import { renovateComment } from "../yaml/annotated.js";
import { valuesTarget } from "../check/rules/helm-values.js";
import { checkValues } from "../check/values/check-values.js";
import { treeOfData } from "../check/values/value-tree.js";
import { importSecrets, type ImportedSecrets } from "./import-secrets.js";
import { format } from "../../lang/format/format.js";

/**
 * `labc import`: reads a cluster-template-style repository (era A layout, which labc also
 * writes) and writes the cluster.lab that builds to it. Everything it cannot express is listed;
 * the result is then built in memory and compared file by file with the repository. With an
 * age key that opens the repository, the secret values go into the new project's store.
 */
export interface ImportOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** Where cluster.lab will be written: also looked in for age.key, and its store is added to (default: the working directory). */
  readonly targetDir?: string;
}

export interface ImportResult {
  readonly text: string;
  readonly unmapped: readonly string[];
  /** The store() secrets cluster.lab declares. */
  readonly secrets: readonly string[];
  /** Their values (and the deploy key's, and Flux's key) as read from the repository into the store. */
  readonly store: ImportedSecrets;
  /** The recipient of Flux's own age key, when the repository was built by labc: it must be kept. */
  readonly fluxKey?: string;
  readonly verification: Verification;
  /** The repository's Talos secrets bundle, to put beside cluster.lab. */
  readonly talsecret: string | undefined;
}

export class ImportError extends Error {}

export async function importRepository(dir: string, options: ImportOptions = {}): Promise<ImportResult> {
  const repo = new RepoFiles(resolve(dir));
  const unmapped = new Unmapped();
  const recipients = readRecipients(repo);
  if (recipients.length === 0) unmapped.add(".sops.yaml", "no age recipients found; add recipients = [\"age1…\"]");

  const apps = readApps(repo, unmapped);
  const targetDir = resolve(options.targetDir ?? ".");
  const keys = await discoverAgeIdentities({ projectDir: repo.root, ...(options.targetDir ? { directories: [targetDir] } : {}), env: options.env ?? process.env });
  const domain = await readDomain(repo, keys, unmapped);
  const infra = importInfra(repo, { domain, recipients, repository: readRepository(apps) }, unmapped);

  // The helmfile lists releases in install order; namespace kustomizations are sorted by name.
  const sequences = [((at(repo.document("bootstrap/helmfile.yaml"), "releases") as unknown[] | undefined) ?? []).map((r) => str(at(r, "name")) ?? "")];
  const ordered = declarationOrder(apps, sequences);
  // Declared in the order labc init writes them (which the README's secret table follows).
  const usual = ["cloudflare-token", "tunnel-credentials", "webhook-token"];
  const rank = (n: string) => (usual.includes(n) ? usual.indexOf(n) : usual.length);
  const secretNames = [...new Set(ordered.flatMap((a) => [...a.params.values()].filter((p) => p.secret).map((p) => p.text)))].sort((a, b) => rank(a) - rank(b));
  const secrets = (comment: string): LabDeclaration[] =>
    secretNames.map((name, i) => ({ keyword: "secret", name, value: raw("store()"), ...(i === 0 ? { comments: [comment] } : {}) }));
  const names = new Set(apps.map((a) => a.name));

  const render = (overrides: ReadonlyMap<string, Record<string, unknown>>, routes: boolean, secretComment = NOT_IMPORTED) =>
    printLab([...infra.declarations, ...secrets(secretComment), ...ordered.map((a) => appDeclaration(a, names, overrides.get(a.name), routes))], [
      `Imported by labc import from ${dir}; review it, then run labc check and labc build.`,
    ]);

  // Pass 1 without values and routes: the model gives labc's defaults for each app, and the
  // override is what differs. The route's own values come back with \`route = …\` in pass 2.
  const first = checkText(render(new Map(), false));
  if (!first.model) throw new ImportError(`the imported cluster.lab does not check:\n${first.errors.join("\n")}`);
  const overrides = new Map<string, Record<string, unknown>>();
  for (const app of ordered) {
    const model = first.model.apps.find((a) => a.name === app.name);
    if (!model) continue;
    const route = routeOf(app);
    const actual = route ? withoutKey(app.values, "route") : app.values;
    const { override, problems } = valuesOverride(actual, releaseValues(first.model, model));
    for (const p of problems) unmapped.add(`kubernetes/apps/${app.namespace}/${app.name}`, p);
    for (const p of dropUnknownKeys(model, override)) unmapped.add(`kubernetes/apps/${app.namespace}/${app.name}`, p);
    if (Object.keys(override).length > 0) overrides.set(app.name, override);
  }
  const second = checkText(render(overrides, true));
  if (!second.model) throw new ImportError(`the imported cluster.lab does not check:\n${second.errors.join("\n")}`);
  const tunnel = ordered.find((a) => a.definition?.id === "cloudflare-tunnel");
  const tunnelId = tunnel ? tunnelIdOf(repo, tunnel) : undefined;
  const verification = await verifyImport(second.model, repo, tunnelId);
  const fluxKey = clusterRecipientOf(repo.root, first.model.recipients, kubernetesRule);
  const store = await importSecrets({ model: second.model, repo, keys, names: secretNames, fluxKey, targetDir });
  const missing = new Set(store.missing.map((m) => m.name));
  const comment = secretNames.every((n) => missing.has(n)) ? NOT_IMPORTED : secretNames.some((n) => missing.has(n)) ? PARTLY_IMPORTED : IMPORTED;
  const text = formatted(render(overrides, true, comment));
  return { text, unmapped: unmapped.items, secrets: secretNames, store, verification, talsecret: repo.text("talos/talsecret.sops.yaml"), ...(fluxKey ? { fluxKey } : {}) };
}

const NOT_IMPORTED = "Encrypted values cannot be imported: put each in the store with `labc secret set NAME`.";
const IMPORTED = "The values were read from the imported repository's encrypted Secrets into secrets.sops.yaml.";
const PARTLY_IMPORTED = "Values read from the imported repository are in secrets.sops.yaml; put the others in with `labc secret set NAME`.";

/** The text as `labc fmt` writes it (the printer's text as is, should the formatter refuse it). */
function formatted(text: string): string {
  const result = format(text, "cluster.lab");
  return result.ok ? result.text : text;
}

function appDeclaration(app: FoundApp, names: ReadonlySet<string>, override: Record<string, unknown> | undefined, routes: boolean): LabDeclaration {
  const def = app.definition;
  const plain = !def || def.id === "app-template";
  const body: LabEntry[] = [];
  const renovate = renovateComment("docker", chartDepName(app.appTemplate ? APP_TEMPLATE_URL : app.url));
  if (!def) body.push({ key: "chart", value: raw(`oci(${JSON.stringify(app.url)}, ${versionText(app.version)})`), comments: [renovate] });
  else if (def.id === "app-template") body.push({ key: "chart", value: raw("std.app-template") });
  if (def && def.chart.version !== app.version) body.push({ key: "version", value: raw(versionText(app.version)), comments: [renovate] });
  for (const [param, v] of app.params) body.push({ key: param, value: raw(v.text) });
  const route = routes ? routeOf(app) : undefined;
  if (override) body.push({ key: "values", value: fromData(override) });
  if (route) body.push({ key: "route", value: raw(`${route.gateway}(${JSON.stringify(route.host)})`) });
  const implied = new Set([...(def?.installAfter ?? []), ...(def?.needs ?? []), ...(def?.after ?? [])].filter((d) => names.has(d)));
  const depends = app.dependsOn.filter((d) => !implied.has(d));
  if (depends.length > 0) body.push({ key: "depends", value: { list: depends.map(raw) } });
  return {
    keyword: "app",
    name: app.name,
    ...(plain || app.namespace !== def.namespace ? { namespace: app.namespace } : {}),
    ...(def && !plain && def.id !== app.name ? { from: `std.${def.id}` } : {}),
    body,
  };
}

function withoutKey(values: Record<string, unknown>, key: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([k]) => k !== key));
}

/** A version literal when it reads as one (`v1.2.3`, `1.2.3`), else a string. */
function versionText(version: string): string {
  return /^(v\d+(\.\d+){1,2}|\d+\.\d+\.\d+)(-[0-9A-Za-z.]+)?(\+[0-9A-Za-z.]+)?$/.test(version) ? version : JSON.stringify(version);
}

/** `route = external("echo")` from the HTTPRoute values app-template writes for it. */
function routeOf(app: FoundApp): { gateway: string; host: string } | undefined {
  if (!app.definition?.flux?.routeValues) return undefined;
  const route = at(app.values, "route", "app");
  const host = /^([a-z0-9]([a-z0-9-]*[a-z0-9])?)\.\$\{SECRET_DOMAIN\}$/.exec(str(at(route, "hostnames", 0)) ?? "")?.[1];
  const gateway = str(at(route, "parentRefs", 0, "name"));
  return host && (gateway === "external" || gateway === "internal") ? { gateway, host } : undefined;
}

/**
 * The people's age recipients: those every creation rule names. A key only the Kubernetes rule
 * names is a labc-built cluster's own Flux key (the Talos rule never has it), not a person's.
 */
function readRecipients(repo: RepoFiles): string[] {
  const perRule: string[][] = [];
  const rules = at(repo.document(".sops.yaml"), "creation_rules");
  for (const rule of Array.isArray(rules) ? rules : []) {
    const found: string[] = [];
    const direct = str(at(rule, "age"));
    if (direct) found.push(...direct.split(",").map((s) => s.trim()));
    const groups = at(rule, "key_groups");
    for (const g of Array.isArray(groups) ? groups : []) {
      const age = at(g, "age");
      if (Array.isArray(age)) found.push(...age.map((a) => (isRecord(a) ? String(a["recipient"]) : String(a))));
    }
    const ages = found.filter((r) => r.startsWith("age1"));
    if (ages.length > 0) perRule.push(ages);
  }
  const union = [...new Set(perRule.flat())];
  const everywhere = union.filter((r) => perRule.every((rule) => rule.includes(r)));
  return everywhere.length > 0 ? everywhere : union;
}

function readRepository(apps: readonly FoundApp[]) {
  const flux = apps.find((a) => a.definition?.id === "flux-instance");
  const sync = at(flux?.values, "instance", "sync");
  const url = str(at(sync, "url")) ?? "";
  const m = /^(?:https:\/\/github\.com\/|ssh:\/\/git@github\.com\/)([^/]+)\/([^/]+?)(?:\.git)?$/.exec(url);
  if (!m) return undefined;
  const branch = (str(at(sync, "ref")) ?? "refs/heads/main").replace(/^refs\/heads\//, "");
  return { owner: m[1]!, name: m[2]!, branch, private: url.startsWith("ssh://") || at(sync, "pullSecret") !== undefined };
}

/** SECRET_DOMAIN lives only in the encrypted cluster-secrets; it is read when an age key opens it. */
async function readDomain(repo: RepoFiles, found: DiscoveredIdentities, unmapped: Unmapped): Promise<string> {
  const path = "kubernetes/components/common/sops/cluster-secrets.sops.yaml";
  const text = repo.text(path);
  if (text !== undefined) {
    try {
      const tree = (await decryptSops(text, { format: "yaml", identities: found.identities })).tree;
      const domain = str(at(tree, "stringData", "SECRET_DOMAIN")) ?? str(at(tree, "data", "SECRET_DOMAIN"));
      if (domain) return at(tree, "data", "SECRET_DOMAIN") !== undefined ? Buffer.from(domain, "base64").toString("utf8") : domain;
    } catch {
      // No key for it: fall through to the placeholder.
    }
  }
  unmapped.add(path, "SECRET_DOMAIN could not be decrypted (no age key for it); set domain in cluster.lab");
  return "example.com";
}

function tunnelIdOf(repo: RepoFiles, app: FoundApp): string | undefined {
  const endpoint = repo.document(`kubernetes/apps/${app.namespace}/${app.name}/app/dnsendpoint.yaml`);
  return /^(.+)\.cfargotunnel\.com$/.exec(str(at(endpoint, "spec", "endpoints", 0, "targets", 0)) ?? "")?.[1];
}

/**
 * Values the chart has no key for (cluster-template's Cilium `cgroup.automount`, for the chart's
 * `autoMount`) did nothing in the cluster; written into cluster.lab they would fail its check.
 * They are left out of the override and reported, with the key the chart does have.
 */
function dropUnknownKeys(app: AppModel, override: Record<string, unknown>): string[] {
  const target = valuesTarget({ definition: app.definition, chart: app.chart });
  if (!target || target.otherVersion !== undefined) return [];
  const notes: string[] = [];
  for (const finding of checkValues(target.table, treeOfData(override))) {
    if (finding.kind !== "unknownKey") continue;
    const path = [...finding.path, finding.key];
    let parent: unknown = override;
    for (const key of finding.path) parent = isRecord(parent) ? parent[key] : undefined;
    if (isRecord(parent)) delete parent[finding.key];
    notes.push(`values.${path.join(".")} is no key of the ${app.definition.id} chart${finding.suggestion ? ` (it has ${[...finding.path, finding.suggestion].join(".")})` : ""}, so Helm ignored it; left out`);
  }
  pruneEmpty(override);
  return notes;
}

function pruneEmpty(map: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(map)) {
    if (!isRecord(value)) continue;
    pruneEmpty(value);
    if (Object.keys(value).length === 0) delete map[key];
  }
}
