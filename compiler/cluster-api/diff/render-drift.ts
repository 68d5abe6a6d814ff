import type { AppDrift, ObjectDrift } from "./drift.js";

/** The text `labc diff` prints: drifting apps with their objects and fields, then the apps in sync. */

function ref(o: ObjectDrift): string {
  return `${o.kind} ${o.namespace ? `${o.namespace}/` : ""}${o.name}`;
}

function objectLines(o: ObjectDrift): string[] {
  switch (o.drift) {
    case "create":
      return [`  + ${ref(o)}: not in the cluster; Flux creates it`];
    case "unserved":
      return [`  + ${ref(o)}: not in the cluster (it serves no ${o.apiVersion} yet; its CRD comes with a release)`];
    case "prune":
      return [`  - ${ref(o)}: applied by Flux before, no longer built; Flux prunes it`];
    default:
      return [
        `  ~ ${ref(o)}${o.method === "client-side" ? " (compared client-side: the API refused a dry-run)" : ""}`,
        ...o.changes.map((c) => {
          if (c.change === "added") return `      added    ${c.path}${c.to !== undefined ? `: ${c.to}` : ""}`;
          if (c.change === "removed") return `      removed  ${c.path}${c.from !== undefined ? ` (was ${c.from})` : ""}`;
          return `      changed  ${c.path}${c.from !== undefined ? `: ${c.from} → ${c.to}` : " (value differs)"}`;
        }),
      ];
  }
}

export function renderDrift(apps: readonly AppDrift[]): string {
  const drifting = apps.filter((a) => a.objects.length > 0);
  const inSync = apps.filter((a) => a.objects.length === 0).map((a) => a.app);
  const lines: string[] = [];
  for (const a of drifting) {
    lines.push(`${a.app}: ${a.objects.length} object${a.objects.length === 1 ? "" : "s"} drift`);
    for (const o of a.objects) lines.push(...objectLines(o));
  }
  if (inSync.length > 0) lines.push(`in sync: ${inSync.join(", ")}`);
  const objects = drifting.reduce((n, a) => n + a.objects.length, 0);
  lines.push(drifting.length === 0 ? "no drift: the cluster holds what the build would apply" : `drift in ${drifting.length} of ${apps.length} groups (${objects} object${objects === 1 ? "" : "s"}); Flux applies the build on its next reconcile`);
  return `${lines.join("\n")}\n`;
}
