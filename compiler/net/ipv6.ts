import type { Parsed } from "./ipv4.js";

/** Validates an IPv6 address (RFC 4291 text forms, without zone IDs). */
export function parseIPv6(text: string): Parsed<string> {
  const bad = { ok: false as const, reason: `'${text}' is not an IPv6 address` };
  if ((text.match(/::/g) ?? []).length > 1) return bad;
  const [head, tail] = text.includes("::") ? text.split("::") : [text, undefined];
  const groups = (s: string | undefined) => (s ? s.split(":") : []);
  const h = groups(head);
  const t = groups(tail);
  if ([...h, ...t].some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return bad;
  const count = h.length + t.length;
  if (tail === undefined ? count !== 8 : count > 7) return bad;
  return { ok: true, value: text.toLowerCase() };
}

export function parseCidr6(text: string): Parsed<{ address: string; prefix: number }> {
  const [addr, prefix] = text.split("/");
  const ip = parseIPv6(addr ?? "");
  if (!ip.ok) return ip;
  if (prefix === undefined || !/^\d{1,3}$/.test(prefix) || Number(prefix) > 128) return { ok: false, reason: `/${prefix ?? ""} is not a prefix length from 0 to 128` };
  return { ok: true, value: { address: ip.value, prefix: Number(prefix) } };
}
