import type { RouteModel } from "../../compiler/model/model.js";
import { APP_TEMPLATE_CHART } from "../../compiler/model/well-known.js";
import type { AppDefinition, EmitContext } from "../types.js";
import { gatewayNamespace } from "./shared/cluster-apps.js";

/** bjw-s app-template: plain apps described entirely by the user's `values`. */

/**
 * The port a route should target: the `http` port of the `app` service, else its first port.
 * The checker reports an app whose route has none (LAB2019) before anything is emitted.
 */
function routePort(values: Readonly<Record<string, unknown>>): number | undefined {
  const ports = ((values["service"] as Record<string, unknown> | undefined)?.["app"] as Record<string, unknown> | undefined)?.["ports"] as
    | Record<string, { port?: unknown }>
    | undefined;
  const chosen = ports?.["http"] ?? Object.values(ports ?? {})[0];
  return typeof chosen?.port === "number" ? chosen.port : undefined;
}

function servicePort(values: Readonly<Record<string, unknown>>, appName: string): number {
  const port = routePort(values);
  if (port === undefined) throw new Error(`app "${appName}": a route needs values.service.app.ports.<name>.port (a number)`);
  return port;
}

function routeValues({ cluster, app }: EmitContext, route: RouteModel): Record<string, unknown> {
  return {
    route: {
      app: {
        // `${SECRET_DOMAIN}` is filled in by Flux postBuild substitution.
        hostnames: [`${route.host}.\${SECRET_DOMAIN}`],
        parentRefs: [{ name: route.gateway, namespace: gatewayNamespace(cluster), sectionName: "https" }],
        rules: [{ backendRefs: [{ identifier: "app", port: servicePort(app.values, app.name) }] }],
      },
    },
  };
}

export const appTemplate: AppDefinition = {
  id: "app-template",
  doc: "bjw-s app-template: a plain app from `values` (controllers, service, persistence) and an optional route.",
  namespace: "default",
  chart: APP_TEMPLATE_CHART,
  params: {},
  installAfter: [],
  bootstrap: false,
  values: () => ({}),
  routePort,
  flux: { routeValues },
};
