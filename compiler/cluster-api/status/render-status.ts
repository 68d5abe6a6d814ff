import type { AppStatus, ClusterStatus, ObjectStatus } from "./app-status.js";

/** The table `labc status` prints: one line per app, in dependency order. */

const readyText = (s: ObjectStatus) => (!s.found ? "-" : s.suspended ? "suspended" : s.ready === null ? "pending" : s.stale ? `${s.ready}*` : s.ready);

/** `refs/heads/main@sha1:0123456789ab…` → `main@0123456`. */
function shortRevision(rev: string | null): string {
  if (!rev) return "-";
  const m = /^(?:refs\/(?:heads|tags)\/)?([^@]+)@sha\d+:([0-9a-f]{7})/.exec(rev);
  return m ? `${m[1]}@${m[2]}` : rev;
}

function chartText(a: AppStatus): string {
  const hr = a.helmRelease;
  if (!hr.revision) return `(${hr.wantedVersion})`;
  return hr.revision === hr.wantedVersion ? hr.revision : `${hr.revision} → ${hr.wantedVersion}`;
}

function note(a: AppStatus, byKey: Map<string, AppStatus>): string {
  if (a.state === "blocked") return `waiting for ${a.blockedBy} (${byKey.get(a.blockedBy!)?.state ?? "unknown"})`;
  if (a.state === "failed") return oneLine(a.lastError ?? "");
  if (a.state === "missing") return "Flux has not created its Kustomization yet";
  if (a.state === "progressing") {
    const busy = [...a.kustomizations, a.helmRelease].find((s) => s.found && s.ready !== "True");
    return busy ? oneLine(`${busy.kind}: ${busy.message ?? busy.reason ?? "reconciling"}`) : "";
  }
  return "";
}

function oneLine(s: string): string {
  const flat = s.replace(/\s+/g, " ").trim();
  return flat.length > 100 ? `${flat.slice(0, 99)}…` : flat;
}

export function renderStatus(status: ClusterStatus): string {
  const byKey = new Map(status.apps.map((a) => [`${a.namespace}/${a.name}`, a]));
  const header = ["APP", "STATE", "KS", "HR", "REVISION", "CHART", "NOTE"];
  const rows = status.apps.map((a) => [
    `${a.namespace}/${a.name}`,
    a.state,
    a.kustomizations.map(readyText).join(","),
    readyText(a.helmRelease),
    shortRevision(a.kustomizations[0]?.revision ?? null),
    chartText(a),
    note(a, byKey),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join("  ").trimEnd();
  const s = status.summary;
  const parts = (["progressing", "blocked", "failed", "suspended", "missing"] as const).filter((k) => s[k] > 0).map((k) => `${s[k]} ${k}`);
  const lines = [line(header), ...rows.map(line), "", `${s.ready}/${s.total} apps ready${parts.length ? `; ${parts.join(", ")}` : ""}`];
  if (!status.fluxInstalled) lines.push("Flux is not installed yet (the cluster serves no kustomize.toolkit.fluxcd.io/v1); run `labc bootstrap apps`");
  return `${lines.join("\n")}\n`;
}
