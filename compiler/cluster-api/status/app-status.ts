import { chartOf } from "../../emit/flux/chart-source.js";
import { appRoot, fluxPath } from "../../emit/flux/layout.js";
import type { AppModel, ClusterModel } from "../../model/model.js";
import { conditionOf, nameOf, namespaceOf, type KubeObject } from "../objects.js";

/**
 * Each app of cluster.lab joined with its Flux objects: the JSON schema of `labc status --json`
 * (documented in docs/day-2.md; bump STATUS_SCHEMA_VERSION on any incompatible change).
 */

export const STATUS_SCHEMA_VERSION = 1;

export type AppState = "ready" | "progressing" | "blocked" | "failed" | "suspended" | "missing";

export interface ObjectStatus {
  readonly kind: "Kustomization" | "HelmRelease";
  readonly name: string;
  readonly namespace: string;
  readonly found: boolean;
  /** The Ready condition's status, or null when absent (not reconciled yet). */
  readonly ready: "True" | "False" | "Unknown" | null;
  readonly reason: string | null;
  readonly message: string | null;
  /** Kustomization: the applied source revision. HelmRelease: the installed chart version. */
  readonly revision: string | null;
  readonly suspended: boolean;
  /** The controller has not yet looked at the latest spec (status.observedGeneration behind). */
  readonly stale: boolean;
  readonly stalled: boolean;
}

export interface AppStatus {
  readonly name: string;
  readonly namespace: string;
  readonly state: AppState;
  readonly dependsOn: readonly string[];
  /** The first dependency (`namespace/name`) that is not ready, when one is. */
  readonly blockedBy: string | null;
  readonly kustomizations: readonly ObjectStatus[];
  readonly helmRelease: ObjectStatus & { readonly wantedVersion: string };
  /** The message of the failing condition, when the app failed. */
  readonly lastError: string | null;
}

export interface ClusterStatus {
  readonly schemaVersion: number;
  readonly cluster: string;
  readonly server: string;
  /** False while the cluster serves no Flux APIs (before `labc bootstrap apps`). */
  readonly fluxInstalled: boolean;
  readonly summary: { readonly total: number } & Readonly<Record<AppState, number>>;
  readonly apps: readonly AppStatus[];
}

function objectStatus(kind: ObjectStatus["kind"], name: string, namespace: string, o: KubeObject | undefined): ObjectStatus {
  const ready = conditionOf(o, "Ready");
  const stalled = conditionOf(o, "Stalled");
  const status = (o?.["status"] ?? {}) as { observedGeneration?: number; lastAppliedRevision?: string; lastAttemptedRevision?: string; history?: { chartVersion?: string }[] };
  const generation = o?.metadata?.["generation"] as number | undefined;
  const revision = kind === "Kustomization" ? (status.lastAppliedRevision ?? null) : (status.history?.[0]?.chartVersion ?? status.lastAttemptedRevision ?? null);
  return {
    kind,
    name,
    namespace,
    found: o !== undefined,
    ready: ready?.status ?? null,
    reason: ready?.reason ?? null,
    message: ready?.message ?? null,
    revision,
    suspended: (o?.["spec"] as { suspend?: boolean } | undefined)?.suspend === true,
    stale: o !== undefined && generation !== undefined && status.observedGeneration !== undefined && status.observedGeneration < generation,
    stalled: stalled?.status === "True",
  };
}

/** The app's Flux Kustomizations: its own, and any other reconciling a folder of the app (cilium-gateway). */
function kustomizationsOf(app: AppModel, all: readonly KubeObject[]): KubeObject[] {
  const prefix = `${fluxPath(appRoot(app))}/`;
  return all.filter((k) => namespaceOf(k) === app.namespace && (nameOf(k) === app.name || String((k["spec"] as { path?: string } | undefined)?.path ?? "").startsWith(prefix)));
}

const ok = (s: ObjectStatus) => s.found && s.ready === "True" && !s.stale && !s.suspended;
/** Reasons Flux gives while it is still working or waiting, not failing. */
const WAITING = new Set(["Progressing", "DependencyNotReady", "ProgressingWithRetry", "ArtifactFailed"]);

export function clusterStatus(model: ClusterModel, server: string, fluxInstalled: boolean, kustomizations: readonly KubeObject[], helmReleases: readonly KubeObject[]): ClusterStatus {
  const byKey = new Map<string, AppStatus>();
  const apps: AppStatus[] = [];
  for (const app of model.apps) {
    const own = kustomizationsOf(app, kustomizations);
    const ksNames = [app.name, ...own.map(nameOf).filter((n) => n !== app.name).sort()];
    const ks = ksNames.map((n) => objectStatus("Kustomization", n, app.namespace, own.find((k) => nameOf(k) === n)));
    const hrObject = helmReleases.find((h) => nameOf(h) === app.name && namespaceOf(h) === app.namespace);
    const hr = { ...objectStatus("HelmRelease", app.name, app.namespace, hrObject), wantedVersion: chartOf(app).version };
    const deps = app.dependsOn.map((d) => `${d.namespace}/${d.name}`);
    const blockedBy = deps.find((d) => byKey.get(d)?.state !== "ready") ?? null;
    const objects = [...ks, hr];
    const failing = objects.find((s) => s.found && (s.stalled || (s.ready === "False" && !WAITING.has(s.reason ?? ""))));
    let state: AppState;
    if (objects.some((s) => s.suspended)) state = "suspended";
    else if (objects.every(ok)) state = "ready";
    else if (blockedBy !== null) state = "blocked";
    else if (!ks[0]!.found) state = "missing";
    else if (failing) state = "failed";
    else state = "progressing";
    const status: AppStatus = {
      name: app.name,
      namespace: app.namespace,
      state,
      dependsOn: deps,
      blockedBy,
      kustomizations: ks,
      helmRelease: hr,
      lastError: state === "failed" && failing ? (failing.message ?? failing.reason) : null,
    };
    byKey.set(`${app.namespace}/${app.name}`, status);
    apps.push(status);
  }
  const count = (s: AppState) => apps.filter((a) => a.state === s).length;
  return {
    schemaVersion: STATUS_SCHEMA_VERSION,
    cluster: model.name,
    server,
    fluxInstalled,
    summary: { total: apps.length, ready: count("ready"), progressing: count("progressing"), blocked: count("blocked"), failed: count("failed"), suspended: count("suspended"), missing: count("missing") },
    apps,
  };
}
