import type { AppDefinition } from "../../stdlib/types.js";
import type { LoadBalancerAddress, ParamValue } from "./model.js";
import { parseIPv4 } from "../net/ipv4.js";

/**
 * The one rule for load-balancer addresses: the parameters a definition marks
 * `loadBalancerAddress` (gateways, DNS), which Cilium announces on the node network. Other
 * IPv4 parameters (a BGP peer, say) are the user's machines, not addresses the cluster claims.
 */
export function announcedParams(definition: AppDefinition | undefined): string[] {
  return Object.entries(definition?.params ?? {})
    .filter(([, spec]) => spec.loadBalancerAddress)
    .map(([name]) => name);
}

/**
 * How messages name a load-balancer parameter of an app: "the internal-gateway address of app
 * 'cilium'", but "the address of app 'k8s-gateway'", not "the address address": a parameter
 * whose name already says address is not followed by the word again.
 */
export function addressRole(param: string, app: string): string {
  return /(?:^|-)address$/.test(param) ? `the ${param} of app '${app}'` : `the ${param} address of app '${app}'`;
}

/** What the rule reads of an app: a checked AppModel, or an app as declared while the model is absent. */
export interface AppAnnouncing {
  readonly name: string;
  readonly namespace: string;
  readonly definition: AppDefinition | undefined;
  readonly params: Readonly<Record<string, ParamValue>>;
}

/** The announced addresses of `apps`, in address order (ties keep app order). */
export function loadBalancerAddressesOf(apps: readonly AppAnnouncing[]): LoadBalancerAddress[] {
  const out: LoadBalancerAddress[] = [];
  for (const app of apps) {
    for (const param of announcedParams(app.definition)) {
      const address = app.params[param];
      if (typeof address === "string") out.push({ app: app.name, namespace: app.namespace, param, address });
    }
  }
  return out.sort((a, b) => order(a.address) - order(b.address));
}

function order(address: string): number {
  const parsed = parseIPv4(address);
  return parsed.ok ? parsed.value : -1;
}
