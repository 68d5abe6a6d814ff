import type { Reporter } from "../../../lang/diagnostics/reporter.js";
import type { Span } from "../../../lang/diagnostics/span.js";
import type { ChartSource } from "../../model/model.js";
import type { Lowered, LoweredApp } from "../lower/lowered.js";

/** App-level rules that need the whole workspace: routes need a gateway, spegel needs nodes. */
export function checkApps(l: Lowered, r: Reporter): void {
  const gateways = new Set<string>();
  for (const app of l.apps) {
    for (const [name, value] of Object.entries(app.params)) {
      if (name.endsWith("-gateway") && typeof value.value === "string") gateways.add(name.slice(0, -"-gateway".length));
    }
  }
  checkHostnames(l, r);
  for (const app of l.apps) {
    checkChartVersion(app, r);
    if (app.route && !gateways.has(app.route.value.gateway)) {
      r.report("routeWithoutGateway", app.route.span, `route ${app.route.value.gateway}("${app.route.value.host}") needs the ${app.route.value.gateway} gateway; set ${app.route.value.gateway}-gateway = <address> on app cilium`);
    }
    const groups = new Map<string, string[]>();
    for (const [name, spec] of Object.entries(app.definition?.params ?? {})) {
      if (spec.allOrNone) groups.set(spec.allOrNone, [...(groups.get(spec.allOrNone) ?? []), name]);
    }
    for (const members of groups.values()) {
      const set = members.filter((m) => app.written.has(m));
      if (set.length > 0 && set.length < members.length) {
        const missing = members.filter((m) => !app.written.has(m));
        const at = app.params[set[0]!]?.span ?? app.nameSpan;
        r.report("missingField", at, `${set.join(", ")} ${set.length === 1 ? "is" : "are"} set but ${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} not: set all of ${members.join(", ")}, or none`);
      }
    }
    const min = app.definition?.minNodes;
    if (min !== undefined && l.nodes.length < min) {
      r.report("tooFewNodes", app.nameSpan, `app '${app.name}' is only useful with ${min} or more nodes; this cluster has ${l.nodes.length}`, {
        fix: { message: `remove app '${app.name}'`, edits: [{ span: app.span, newText: "" }] },
      });
    }
  }
}

/**
 * OCI tags are matched exactly: a chart whose tags are `v1.18.2` has no `1.18.2`. The version labc
 * pins is a real tag, so it shows the scheme; Helm needs all three numbers.
 */
function checkChartVersion(app: LoweredApp, r: Reporter): void {
  // A version in versions.lock.yaml is checked where it stands, as one in cluster.lab is.
  const version = app.version ?? (app.pinnedVersion?.from === "lock" ? app.pinnedVersion.version : undefined);
  const pinned = app.definition?.chart;
  if (!version || !pinned || !app.chart || !sameSource(app.chart, pinned)) return;
  const wantsV = pinned.version.startsWith("v");
  const numbers = version.value.replace(/^v/, "");
  const spelled = `${wantsV ? "v" : ""}${numbers}`;
  if (!/^\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/.test(numbers)) {
    r.report("chartTagScheme", version.span, `chart version ${version.value} of app '${app.name}' needs three numbers, like the pinned ${pinned.version}`);
  } else if (spelled !== version.value) {
    r.report("chartTagScheme", version.span, `the ${app.definition!.id} chart's tags ${wantsV ? "start with v" : "have no leading v"} (labc pins ${pinned.version}); ${version.value} is no tag of it`, {
      fix: { message: `write ${spelled}`, edits: [{ span: version.span, newText: spelled }] },
    });
  }
}

/** The same chart, whatever its version: only then does the pinned version show the tag scheme. */
function sameSource(a: ChartSource, b: ChartSource): boolean {
  return a.kind === "oci" ? b.kind === "oci" && a.url === b.url : a.kind === b.kind;
}

/** Every hostname is one HTTPRoute's: two would split traffic between apps at random. */
function checkHostnames(l: Lowered, r: Reporter): void {
  const claimed = new Map<string, { by: string; span: Span }>();
  const claim = (host: string, by: string, span: Span, user: boolean) => {
    const key = host.toLowerCase();
    const first = claimed.get(key);
    if (!first) {
      claimed.set(key, { by, span });
      return;
    }
    r.report("duplicateHostname", span, `${by} claims ${host}.<domain>, which ${first.by} already routes; give ${user ? "this route" : "the other route"} another host`, {
      related: [{ span: first.span, message: `${first.by} claims it here` }],
    });
  };
  // Definitions' own routes first: they cannot be renamed, so the user's route is the one to move.
  for (const app of l.apps) {
    for (const route of app.definition?.routes ?? []) claim(route.host, `app '${app.name}' (std.${app.definition!.id})`, app.nameSpan, false);
  }
  for (const app of l.apps) if (app.route) claim(app.route.value.host, `the route of app '${app.name}'`, app.route.span, true);
}
