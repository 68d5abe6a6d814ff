import type { Fix } from "../../../lang/diagnostics/diagnostic.js";
import type { Span } from "../../../lang/diagnostics/span.js";
import type { Definitions } from "../app-definition.js";
import type { Lowered, LoweredApp } from "../lower/lowered.js";
import { paramFieldType } from "../fields/param-types.js";
import { placeholder } from "../fields/read-block.js";
import { announcedParams } from "../../model/load-balancers.js";
import { broadcast, contains, formatIPv4, networkOf, parseIPv4 } from "../../net/ipv4.js";

/** What a fix for a missing stdlib app knows of the rest of the file. */
export interface DeclareContext {
  readonly definitions: Definitions;
  readonly apps: readonly LoweredApp[];
  /** Declared secret names: a new one must not take one of them. */
  readonly secrets: ReadonlySet<string>;
  /** Addresses of the node network no node, gateway, VIP or load balancer holds, highest first. */
  readonly freeAddresses: readonly string[];
}

/** How many free LAN addresses a fix may hand out: more than any app's load-balancer parameters. */
const FREE_ADDRESSES = 8;

export function declareContext(lowered: Lowered, definitions: Definitions): DeclareContext {
  return {
    definitions,
    apps: lowered.apps,
    secrets: new Set(lowered.secrets.map((s) => s.name)),
    freeAddresses: freeLanAddresses(lowered),
  };
}

/** From the top of the node network down (routers and DHCP pools usually sit at the bottom). */
function freeLanAddresses(l: Lowered): string[] {
  const primary = l.nodes.find((n) => n.network)?.network ?? l.networks[0];
  const cidr = primary?.cidr?.value;
  const base = cidr ? parseIPv4(cidr.address) : undefined;
  if (!cidr || !base?.ok || cidr.prefix > 30) return [];
  const net = networkOf(base.value, cidr.prefix);
  const taken = new Set<string>();
  for (const n of l.networks) if (n.gateway) taken.add(n.gateway.value);
  for (const node of l.nodes) {
    if (node.address) taken.add(node.address.value);
    for (const nic of node.nics) if (nic.address) taken.add(nic.address.value);
  }
  if (l.cluster?.endpoint) taken.add(l.cluster.endpoint.value);
  for (const app of l.apps) {
    for (const param of announcedParams(app.definition)) {
      const value = app.params[param]?.value;
      if (typeof value === "string") taken.add(value);
    }
  }
  const out: string[] = [];
  for (let a = broadcast(net) - 1; a > net.base && out.length < FREE_ADDRESSES; a--) {
    if (contains(net, a) && !taken.has(formatIPv4(a))) out.push(formatIPv4(a));
  }
  return out;
}

export interface AppDeclaration {
  /** The declaration on one line, for the message: `app cloudflare-dns { token = cloudflare-token }`. */
  readonly short: string;
  readonly fix: Fix;
}

/**
 * The declaration of stdlib app `name` with every required parameter set, inserted at `at`, so
 * the fix leaves a file that checks (an `app x {}` that lacks its `token` is LAB2002 next). A
 * secret parameter takes the secret another app already passes under the same name (the one
 * Cloudflare token cert-manager and cloudflare-dns share); failing that, a new `store()` secret
 * declared with it, to be set with `labc secret set`. A load-balancer address takes a free one of
 * the node network; other parameters get a placeholder of the right type, as a missing field's
 * fix does, and the fix says to replace it.
 */
export function declareApp(name: string, at: Span, ctx: DeclareContext): AppDeclaration {
  const definition = ctx.definitions.get(name);
  const fields: string[] = [];
  const newSecrets: string[] = [];
  const taken = new Set(ctx.secrets);
  const addresses = [...ctx.freeAddresses];
  let placeholders = false;
  let addressed = false;
  const shares: string[] = [];
  for (const [param, spec] of Object.entries(definition?.params ?? {})) {
    if (!spec.required || spec.default !== undefined) continue;
    if (spec.type === "secret") {
      const shared = sharedSecret(param, ctx.apps);
      const secret = shared?.secret ?? freshName(`${name}-${param}`, taken);
      if (shared) shares.push(`its ${param} the one app '${shared.app}' uses`);
      else {
        newSecrets.push(secret);
        taken.add(secret);
      }
      fields.push(`${param} = ${secret}`);
    } else if (spec.loadBalancerAddress && addresses.length > 0) {
      fields.push(`${param} = ${addresses.shift()!}`);
      addressed = true;
    } else {
      fields.push(`${param} = ${placeholder(paramFieldType(spec.type))}`);
      placeholders = true;
    }
  }
  const body = fields.length === 0 ? "{}" : `{\n${fields.map((f) => `  ${f}\n`).join("")}}`;
  const secretLines = newSecrets.map((s) => `secret ${s} = store()\n\n`).join("");
  const then = newSecrets.length > 0 ? `, then run labc secret set ${newSecrets.join(" and ")}` : "";
  return {
    short: `app ${name} ${fields.length === 0 ? "{}" : `{ ${fields.join("  ")} }`}`,
    fix: {
      message: [
        `declare app '${name}'${newSecrets.length > 0 ? ` and secret ${newSecrets.map((s) => `'${s}'`).join(", ")}` : ""}`,
        ...shares,
        ...(addressed ? ["on free addresses of the node network"] : []),
      ].join(", ") + then + (placeholders ? "; replace the placeholder values" : ""),
      edits: [{ span: { ...at, end: at.start }, newText: `${secretLines}app ${name} ${body}\n\n` }],
    },
  };
}

/** The secret a declared app passes as `param`, when one does (the first such app, by name). */
function sharedSecret(param: string, apps: readonly LoweredApp[]): { secret: string; app: string } | undefined {
  for (const app of [...apps].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (app.definition?.params[param]?.type !== "secret") continue;
    const value = app.params[param]?.value;
    if (value && typeof value === "object" && "secret" in value && typeof value.secret === "string") return { secret: value.secret, app: app.name };
  }
  return undefined;
}

function freshName(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  let i = 2;
  while (taken.has(`${base}-${i}`)) i++;
  return `${base}-${i}`;
}
