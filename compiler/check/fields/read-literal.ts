import type * as ast from "../../../lang/syntax/ast.js";
import type { Reporter } from "../../../lang/diagnostics/reporter.js";
import type { Cidr } from "../../model/model.js";
import { cidrText, formatIPv4, networkOf, parseCidr4, parseIPv4 } from "../../net/ipv4.js";
import { parseCidr6, parseIPv6 } from "../../net/ipv6.js";

/** Readers for single literals. Each returns undefined after reporting why the value is bad. */

export function readIPv4(value: ast.Value, r: Reporter): string | undefined {
  if (value.kind === "IPv4") {
    const parsed = parseIPv4(value.raw);
    if (parsed.ok) return formatIPv4(parsed.value);
    r.report("invalidLiteral", value.span, parsed.reason);
    return undefined;
  }
  if (value.kind === "String" && parseIPv4(value.value).ok) {
    r.report("typeMismatch", value.span, "addresses are written without quotes", {
      fix: { message: "remove the quotes", edits: [{ span: value.span, newText: value.value }] },
    });
    return undefined;
  }
  return wrongType(value, "an IPv4 address", r);
}

export function readCidr(value: ast.Value, r: Reporter): Cidr | undefined {
  if (value.kind === "Cidr") {
    if (value.raw.includes(":")) {
      const v6 = parseCidr6(value.raw);
      if (!v6.ok) r.report("invalidLiteral", value.span, v6.reason);
      else r.report("invalidLiteral", value.span, `${value.raw} is an IPv6 network; this field takes an IPv4 network`);
      return undefined;
    }
    const parsed = parseCidr4(value.raw);
    if (!parsed.ok) {
      r.report("invalidLiteral", value.span, parsed.reason);
      return undefined;
    }
    const net = networkOf(parsed.value.address, parsed.value.prefix);
    const canonical = cidrText(net);
    if (net.base !== parsed.value.address) {
      r.report("nonCanonicalCidr", value.span, `${value.raw} has host bits set; did you mean ${canonical}?`, {
        fix: { message: `replace with ${canonical}`, edits: [{ span: value.span, newText: canonical }] },
      });
      return undefined;
    }
    return { address: formatIPv4(net.base), prefix: net.prefix, text: canonical };
  }
  if (value.kind === "IPv6") {
    if (!parseCidr6(value.raw).ok && value.raw.includes("/")) r.report("invalidLiteral", value.span, `'${value.raw}' is not a valid IPv6 network`);
    else r.report("typeMismatch", value.span, `expected an IPv4 CIDR such as 10.42.0.0/16, found ${value.raw}`);
    return undefined;
  }
  if (value.kind === "IPv4") {
    r.report("typeMismatch", value.span, `expected a CIDR, found the address ${value.raw}; add the prefix length, e.g. ${value.raw}/24`);
    return undefined;
  }
  return wrongType(value, "a CIDR such as 10.42.0.0/16", r);
}

export function readMac(value: ast.Value, r: Reporter): string | undefined {
  if (value.kind === "Mac") return value.raw.toLowerCase();
  return wrongType(value, "a MAC address such as 00:11:22:33:44:55", r);
}

export function readVersion(value: ast.Value, r: Reporter): string | undefined {
  if (value.kind === "Version") return value.raw;
  if (value.kind === "String" && /^v?\d+\.\d+(\.\d+)?([-+][0-9A-Za-z.-]+)?$/.test(value.value)) return value.value;
  if (value.kind === "Number" && /^\d+\.\d+$/.test(value.raw)) return value.raw;
  return wrongType(value, "a version such as v1.10.7", r);
}

export function readString(value: ast.Value, r: Reporter): string | undefined {
  if (value.kind === "String") return value.value;
  if (value.kind === "Reference") {
    const text = value.path.map((p) => p.name).join(".");
    r.report("typeMismatch", value.span, `expected a string, found the name ${text}; strings are written in quotes`, {
      fix: { message: `write "${text}"`, edits: [{ span: value.span, newText: JSON.stringify(text) }] },
    });
    return undefined;
  }
  return wrongType(value, "a string", r);
}

export function readAddress(value: ast.Value, r: Reporter): string | undefined {
  if (value.kind === "IPv4") return readIPv4(value, r);
  if (value.kind === "IPv6") {
    const parsed = parseIPv6(value.raw);
    if (parsed.ok) return parsed.value;
    r.report("invalidLiteral", value.span, parsed.reason);
    return undefined;
  }
  if (value.kind === "String") return value.value;
  return wrongType(value, "an IP address or a quoted host name", r);
}

export function wrongType(value: ast.Value, expected: string, r: Reporter): undefined {
  // A Missing value stands where the parser already reported a syntax error: say nothing more.
  if (value.kind !== "Missing") r.report("typeMismatch", value.span, `expected ${expected}, found ${describeValue(value)}`);
  return undefined;
}

export function describeValue(value: ast.Value): string {
  switch (value.kind) {
    case "String":
      return `the string ${JSON.stringify(value.value.length > 30 ? value.value.slice(0, 27) + "..." : value.value)}`;
    case "Number":
      return `the number ${value.raw}`;
    case "Boolean":
      return String(value.value);
    case "Reference":
      return `the name ${value.path.map((p) => p.name).join(".")}`;
    case "Call":
      return `a call to ${value.callee.path.map((p) => p.name).join(".")}(…)`;
    case "List":
      return "a list";
    case "Block":
      return "a block";
    case "Missing":
      return "nothing";
    case "Cidr":
      return `the CIDR ${value.raw}`;
    case "IPv4":
    case "IPv6":
      return `the address ${value.raw}`;
    case "Mac":
      return `the MAC address ${value.raw}`;
    default:
      return `the ${value.kind.toLowerCase()} ${value.raw}`;
  }
}
