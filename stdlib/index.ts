import type { AppDefinition } from "./types.js";
import { appTemplate } from "./apps/app-template.js";
import { certManager } from "./apps/cert-manager.js";
import { cilium } from "./apps/cilium.js";
import { cloudflareDns } from "./apps/cloudflare-dns.js";
import { cloudflareTunnel } from "./apps/cloudflare-tunnel.js";
import { coredns } from "./apps/coredns.js";
import { fluxInstance } from "./apps/flux-instance.js";
import { fluxOperator } from "./apps/flux-operator.js";
import { k8sGateway } from "./apps/k8s-gateway.js";
import { metricsServer } from "./apps/metrics-server.js";
import { reloader } from "./apps/reloader.js";
import { spegel } from "./apps/spegel.js";

/** Every stdlib app definition, by id (`app x from std.<id>`), in bootstrap-chain order. */
const definitions: readonly AppDefinition[] = [
  cilium,
  coredns,
  spegel,
  certManager,
  fluxOperator,
  fluxInstance,
  metricsServer,
  reloader,
  cloudflareDns,
  cloudflareTunnel,
  k8sGateway,
  appTemplate,
];

export const stdlib: ReadonlyMap<string, AppDefinition> = new Map(definitions.map((d) => [d.id, d]));

export function lookupDefinition(id: string): AppDefinition | undefined {
  return stdlib.get(id);
}
