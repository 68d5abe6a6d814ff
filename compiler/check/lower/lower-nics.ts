import type { Span } from "../../../lang/diagnostics/span.js";
import type { BondMode, Cidr } from "../../model/model.js";
import type * as ast from "../../../lang/syntax/ast.js";
import { addFieldFix, type Fields, type NamedRecord, type ReadContext } from "../fields/read-block.js";
import type { Located } from "../fields/located.js";
import type { LoweredBond, LoweredNetwork, LoweredNic, LoweredRoute } from "./lowered.js";

function get<T>(fields: Fields, name: string): Located<T> | undefined {
  return fields.get(name) as Located<T> | undefined;
}

/** The default when `miimon` is left out: without link monitoring a bond never notices a dead member. */
export const DEFAULT_MIIMON = 100;

function lowerBond(located: Located<Fields>): LoweredBond {
  const f = located.value;
  const mode = get<BondMode>(f, "mode")?.value;
  const lacpRate = get<"slow" | "fast">(f, "lacp-rate")?.value;
  const xmitHashPolicy = get<string>(f, "xmit-hash-policy")?.value;
  return {
    macs: (f.get("macs")?.value as Located<string>[] | undefined) ?? [],
    ...(mode !== undefined ? { mode } : {}),
    ...(lacpRate !== undefined ? { lacpRate } : {}),
    ...(xmitHashPolicy !== undefined ? { xmitHashPolicy } : {}),
    miimon: get<number>(f, "miimon")?.value ?? DEFAULT_MIIMON,
    ...delays(f, mode, located.span),
    span: located.span,
  };
}

/**
 * An 802.3ad member that flaps would be added to and dropped from the LACP group at every blip,
 * and Talos 1.12+ warns about such bonds: left out, both delays default to two link checks.
 * The defaults carry the bond's span, so the rules never report them as written.
 */
function delays(f: Fields, mode: BondMode | undefined, span: Span): Pick<LoweredBond, "updelay" | "downdelay"> {
  const miimon = get<number>(f, "miimon")?.value ?? DEFAULT_MIIMON;
  const fallback = mode === "802.3ad" && miimon > 0 ? { value: 2 * miimon, span } : undefined;
  const updelay = get<number>(f, "updelay") ?? fallback;
  const downdelay = get<number>(f, "downdelay") ?? fallback;
  return { ...(updelay ? { updelay } : {}), ...(downdelay ? { downdelay } : {}) };
}

/**
 * A link is selected by one MAC or is a bond of several: exactly one of `mac` and `bond`. Both is
 * LAB2030; neither is a missing field, with a fix that adds `mac`.
 */
export function lowerLink(fields: Fields, wrote: (name: string) => boolean, owner: { what: string; span: Span; block: ast.Block | undefined }, ctx: ReadContext): { mac?: Located<string>; bond?: LoweredBond } {
  const mac = get<string>(fields, "mac");
  const bondFields = get<Fields>(fields, "bond");
  const bond = bondFields ? lowerBond(bondFields) : undefined;
  if (wrote("mac") && wrote("bond")) {
    ctx.reporter.report("macAndBond", (bondFields ?? mac)?.span ?? owner.span, `${owner.what} is selected by a MAC or is a bond of several, not both; drop 'mac', or drop 'bond' and keep the one NIC`, {
      ...(mac ? { related: [{ span: mac.span, message: "its MAC" }] } : {}),
    });
    return {};
  }
  if (!wrote("mac") && !wrote("bond")) {
    ctx.reporter.report("missingField", owner.span, `${owner.what} is missing 'mac': the MAC address that selects its network interface (or bond { macs = […]  mode = … } for several)`, {
      fix: addFieldFix(owner.block, owner.span, "mac", "00:00:00:00:00:00"),
    });
    return {};
  }
  return { ...(mac ? { mac } : {}), ...(bond ? { bond } : {}) };
}

export function lowerRoutes(fields: Fields): LoweredRoute[] {
  const items = (fields.get("routes")?.value as Located<Fields>[] | undefined) ?? [];
  return items.map(({ value: f, span }) => {
    const to = get<Cidr>(f, "to");
    const via = get<string>(f, "via");
    const metric = get<number>(f, "metric")?.value;
    return { ...(to ? { to } : {}), ...(via ? { via } : {}), ...(metric !== undefined ? { metric } : {}), span };
  });
}

/** `nics { name { … } }`: each extra NIC with its network resolved. */
export function lowerNics(fields: Fields, nodeName: string, networks: ReadonlyMap<string, LoweredNetwork>, ctx: ReadContext): LoweredNic[] {
  const records = (fields.get("nics")?.value as NamedRecord[] | undefined) ?? [];
  return records.map((nic) => {
    const f = nic.fields;
    const networkName = get<string>(f, "network");
    const network = networkName ? networks.get(networkName.value) : undefined;
    const address = get<string>(f, "address");
    const mtu = get<number>(f, "mtu")?.value;
    const link = lowerLink(f, (name) => nic.written.has(name), { what: `NIC '${nic.name}' of node '${nodeName}'`, span: nic.nameSpan, block: nic.block }, ctx);
    return {
      name: nic.name,
      nameSpan: nic.nameSpan,
      span: nic.span,
      ...(network ? { network } : {}),
      ...(address ? { address } : {}),
      ...link,
      ...(mtu !== undefined ? { mtu } : {}),
      routes: lowerRoutes(f),
    };
  });
}
