import type { Reporter } from "../../../lang/diagnostics/reporter.js";
import type { Lowered } from "../lower/lowered.js";

/** App-level rules that need the whole workspace: routes need a gateway, spegel needs nodes. */
export function checkApps(l: Lowered, r: Reporter): void {
  const gateways = new Set<string>();
  for (const app of l.apps) {
    for (const [name, value] of Object.entries(app.params)) {
      if (name.endsWith("-gateway") && typeof value.value === "string") gateways.add(name.slice(0, -"-gateway".length));
    }
  }
  for (const app of l.apps) {
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
