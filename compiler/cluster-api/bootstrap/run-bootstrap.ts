import { existsSync } from "node:fs";
import { join } from "node:path";
import { bootstrapOrder } from "../../emit/bootstrap/index.js";
import type { ClusterModel } from "../../model/model.js";
import type { ClusterClient } from "../client.js";
import { listWatch } from "../list-watch.js";
import type { Outcome } from "../apply-outcome.js";
import { applyCrds, waitEstablished } from "./crds.js";
import { loadCrds } from "./crd-source.js";
import { HELM_RELEASE_SELECTOR, isStuck, readReleaseStates, releaseKey, statesOf, type ReleaseState } from "./helm-releases.js";
import { HELMFILE, helmfileArgs, helmfileBinary, runHelmfile } from "./helmfile.js";
import { applyNamespaces, bootstrapNamespaces } from "./namespaces.js";
import type { Progress } from "./progress.js";
import { applyBootstrapSecrets } from "./secrets.js";
import { waitForNodes } from "./wait-for-nodes.js";

/**
 * `labc bootstrap apps`: cluster-template's bootstrap-apps.sh sequence (research §3, step 4)
 * through the API. Every step converges instead of creating: namespaces, secrets and CRDs are
 * server-side applied (a re-run is a no-op the API does not even write), and helmfile only
 * installs the releases Helm does not already list as deployed, so an interrupted bootstrap is
 * finished by running it again.
 */

export interface BootstrapOptions {
  readonly model: ClusterModel;
  readonly outDir: string;
  readonly client: ClusterClient;
  /** Passed to helmfile as --kube-context when the user chose a context. */
  readonly kubeContext: string | undefined;
  readonly crdSources: readonly string[];
  readonly nodeTimeoutMs: number;
  readonly force: boolean;
  /** Sync every release even when all are deployed. */
  readonly resync: boolean;
  readonly verbose: boolean;
  readonly identities: readonly string[];
  readonly searched: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly progress: Progress;
  readonly signal: AbortSignal;
}

export const BOOTSTRAP_STEPS = 5;
const CRD_TIMEOUT_MS = 120_000;
const HELMFILE_TAIL = 40;

/** 0 when every bootstrap release is deployed, 1 when a step could not finish. */
export async function runBootstrapApps(o: BootstrapOptions): Promise<number> {
  const { progress: p, client, model } = o;
  const fail = (message: string) => {
    p.detail(`error: ${message}`);
    return 1;
  };

  const nodes = model.nodes.map((n) => n.name);
  p.step(`nodes: waiting for ${nodes.length} node${nodes.length === 1 ? "" : "s"} to register (up to ${Math.round(o.nodeTimeoutMs / 1000)}s)`);
  const waited = await waitForNodes(client, nodes, o.nodeTimeoutMs, p, o.signal);
  if (o.signal.aborted) return 130;
  if (!waited.ok) {
    const late = [...waited.states].filter(([, s]) => s === "missing" || s === "registering").map(([n, s]) => `${n} (${s})`);
    return fail(`not every node registered in time: ${late.join(", ")}. Check \`labc talos commands apply\` ran, and that the node names in cluster.lab are the hostnames`);
  }
  p.detail(`all ${nodes.length} registered`);

  const namespaces = bootstrapNamespaces(model);
  p.step(`namespaces: ${namespaces.length}`);
  p.detail(summarize(await applyNamespaces(client, namespaces, o.force)));

  p.step("secrets: SOPS age key and cluster secrets into flux-system (decrypted in memory)");
  for (const s of await applyBootstrapSecrets(client, o.outDir, o.identities, o.searched, o.force)) p.detail(`${s.name} ${s.outcome}`);

  p.step(`CRDs the first releases need (${o.crdSources.length} source${o.crdSources.length === 1 ? "" : "s"})`);
  const loaded = await loadCrds(o.crdSources);
  const applied = await applyCrds(client, loaded.crds, o.force);
  p.detail(summarize(applied));
  if (loaded.skipped > 0) p.detail(`${loaded.skipped} document${loaded.skipped === 1 ? " that is" : "s that are"} not a CRD skipped`);
  const notEstablished = await waitEstablished(client, [...applied.keys()], CRD_TIMEOUT_MS);
  if (notEstablished.length > 0) return fail(`CRDs not Established after ${CRD_TIMEOUT_MS / 1000}s: ${notEstablished.join(", ")}`);

  const releases = bootstrapOrder(model.apps).map((a) => ({ name: a.name, namespace: a.namespace }));
  p.step(`helm releases: ${releases.map((r) => r.name).join(" → ")}`);
  if (!existsSync(join(o.outDir, HELMFILE))) return fail(`${join(o.outDir, HELMFILE)} is missing; run \`labc build\` first`);
  const releaseNamespaces = [...new Set(releases.map((r) => r.namespace))];
  const before = await readReleaseStates(client, releaseNamespaces);
  const stuck = releases.filter((r) => isStuck(before.get(releaseKey(r.namespace, r.name))));
  if (stuck.length > 0) {
    const lines = stuck.map((r) => `${r.namespace}/${r.name} is ${before.get(releaseKey(r.namespace, r.name))!.status} (an install or upgrade was interrupted); Helm refuses to touch it until it is undone: helm rollback ${r.name} -n ${r.namespace} (or helm uninstall ${r.name} -n ${r.namespace} if it never deployed)`);
    return fail(lines.join("\n      "));
  }
  const pending = releases.filter((r) => before.get(releaseKey(r.namespace, r.name))?.status !== "deployed");
  for (const r of releases) {
    const s = before.get(releaseKey(r.namespace, r.name));
    if (s?.status === "deployed") p.detail(`${r.namespace}/${r.name} already deployed (revision ${s.revision})`);
  }
  if (pending.length === 0 && !o.resync) {
    p.detail("nothing to sync: every bootstrap release is deployed (Flux adopts them; --resync runs helmfile anyway)");
    return 0;
  }
  const selected = o.resync || pending.length === releases.length ? "all" : pending;
  return syncReleases(o, releases, before, selected);
}

async function syncReleases(o: BootstrapOptions, releases: readonly { name: string; namespace: string }[], before: Map<string, ReleaseState>, selected: "all" | readonly { name: string; namespace: string }[]): Promise<number> {
  const { progress: p, client } = o;
  const started = Date.now();
  const reported = new Map<string, string>();
  const report = (states: Map<string, ReleaseState>) => {
    for (const r of releases) {
      const k = releaseKey(r.namespace, r.name);
      const s = states.get(k);
      const was = before.get(k);
      if (!s || (was && was.revision === s.revision && was.status === s.status)) continue;
      if (s.status !== "deployed" && s.status !== "failed") continue;
      const line = `${s.status}:${s.revision}`;
      if (reported.get(k) === line) continue;
      reported.set(k, line);
      const secs = Math.round((Date.now() - started) / 1000);
      p.detail(`${s.status === "deployed" ? "landed" : "FAILED"}: ${k} ${s.status} (revision ${s.revision}, after ${secs}s)`);
    }
  };

  // Releases are reported from Helm's own records in the cluster as they land, not parsed from helmfile's output.
  const watching = new AbortController();
  const onAbort = () => watching.abort();
  o.signal.addEventListener("abort", onAbort, { once: true });
  const watcher = listWatch(client, { apiVersion: "v1", kind: "Secret", labelSelector: HELM_RELEASE_SELECTOR }, watching.signal, (cache) => report(statesOf(cache))).catch(() => undefined);

  const tail: string[] = [];
  const args = helmfileArgs(selected, o.kubeContext);
  p.detail(`running ${helmfileBinary(o.env)} ${args.join(" ")}`);
  let code: number;
  try {
    code = await runHelmfile({
      bin: helmfileBinary(o.env),
      args,
      cwd: o.outDir,
      env: { ...o.env, KUBECONFIG: client.kubeconfig.files.join(":") },
      signal: o.signal,
      onLine: (line) => {
        tail.push(line);
        if (tail.length > HELMFILE_TAIL) tail.shift();
        if (o.verbose) p.detail(`helmfile: ${line}`);
      },
    });
  } finally {
    watching.abort();
    o.signal.removeEventListener("abort", onAbort);
    await watcher;
  }
  if (o.signal.aborted) return 130;
  const after = await readReleaseStates(client, [...new Set(releases.map((r) => r.namespace))]);
  report(after);
  if (code !== 0) {
    p.detail(`error: helmfile exited with ${code}; its last lines:`);
    for (const line of tail) p.detail(`  ${line}`);
    return 1;
  }
  const missing = releases.filter((r) => after.get(releaseKey(r.namespace, r.name))?.status !== "deployed");
  if (missing.length > 0) {
    p.detail(`error: helmfile succeeded but Helm does not list these as deployed: ${missing.map((r) => `${r.namespace}/${r.name}`).join(", ")}`);
    return 1;
  }
  p.detail(`all ${releases.length} releases deployed`);
  return 0;
}

function summarize(outcomes: ReadonlyMap<string, Outcome>): string {
  const by = (o: Outcome) => [...outcomes].filter(([, v]) => v === o).map(([k]) => k);
  return (["created", "configured", "unchanged"] as const)
    .map((o) => ({ o, names: by(o) }))
    .filter((x) => x.names.length > 0)
    .map((x) => `${x.o}: ${x.names.join(", ")}`)
    .join("; ") || "none";
}
