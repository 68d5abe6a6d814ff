import type { Reporter } from "../../../lang/diagnostics/reporter.js";
import type { ClusterModel } from "../../model/model.js";
import type { Lowered } from "../lower/lowered.js";

/**
 * Rules that need the merged model (values after defaults, the dependency graph): things the
 * emitters could only fail on, reported here with a span instead.
 */
export function checkModel(model: ClusterModel, l: Lowered, r: Reporter): void {
  const lowered = new Map(l.apps.map((a) => [a.name, a]));
  const templateVersions = new Map<string, string>();
  for (const app of model.apps) {
    const src = lowered.get(app.name)!;
    if (app.route && src.route) {
      const routePort = app.chart.kind === "app-template" ? app.definition.routePort : undefined;
      if (!routePort) {
        r.report("routeNotSupported", src.route.span, `labc publishes routes for app-template apps only; for '${app.name}' set the chart's own ingress or route values instead`);
      } else if (routePort(app.values) === undefined) {
        r.report("routeWithoutPort", src.route.span, `route ${src.route.value.gateway}("${src.route.value.host}") needs a port to send traffic to; add values { service { app { ports { http { port = 8080 } } } } }`);
      }
    }
    if (app.chart.kind === "app-template") templateVersions.set(app.name, app.chart.version);
    if (app.bootstrap) {
      for (const dep of app.installAfter) {
        const target = model.apps.find((a) => a.name === dep.name);
        if (target && !target.bootstrap) {
          r.report("bootstrapNeedsFlux", src.nameSpan, `'${app.name}' is installed by helmfile before Flux runs, so it can neither wait for nor come after '${dep.name}', which only Flux installs`);
        }
      }
    }
  }
  const versions = [...new Set(templateVersions.values())];
  if (versions.length > 1) {
    const [first] = [...templateVersions];
    for (const [name, version] of templateVersions) {
      if (version === first![1]) continue;
      const src = lowered.get(name)!;
      r.report("appTemplateVersions", src.nameSpan, `app '${name}' pins app-template ${version}, but '${first![0]}' uses ${first![1]}; every namespace shares one app-template source, so use one version`);
    }
  }
  const cilium = model.apps.find((a) => a.definition.id === "cilium");
  if (cilium && !model.apps.some((a) => a.definition.id === "cert-manager")) {
    r.report("gatewaysWithoutCertManager", lowered.get(cilium.name)!.nameSpan, "Cilium's gateways serve a wildcard certificate that cert-manager issues; without app cert-manager they stay without TLS");
  }
}
