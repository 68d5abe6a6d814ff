/** IPv4 arithmetic on unsigned 32-bit numbers. Parsing returns a reason instead of throwing. */

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

export function parseIPv4(text: string): Parsed<number> {
  const parts = text.split(".");
  if (parts.length !== 4) return { ok: false, reason: `'${text}' is not an IPv4 address (it needs four numbers separated by dots)` };
  let n = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return { ok: false, reason: `'${part}' in ${text} is not a number from 0 to 255` };
    if (part.length > 1 && part.startsWith("0")) return { ok: false, reason: `'${part}' in ${text} has a leading zero, which some tools read as octal` };
    n = n * 256 + Number(part);
  }
  return { ok: true, value: n };
}

export function formatIPv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

export interface Network4 {
  readonly base: number;
  readonly prefix: number;
}

export function parseCidr4(text: string): Parsed<{ address: number; prefix: number }> {
  const [addr, prefixText, extra] = text.split("/");
  if (addr === undefined || prefixText === undefined || extra !== undefined) return { ok: false, reason: `'${text}' is not a CIDR such as 10.42.0.0/16` };
  const ip = parseIPv4(addr);
  if (!ip.ok) return ip;
  if (!/^\d{1,2}$/.test(prefixText) || Number(prefixText) > 32) return { ok: false, reason: `/${prefixText} is not a prefix length from 0 to 32` };
  return { ok: true, value: { address: ip.value, prefix: Number(prefixText) } };
}

export function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

export function networkOf(address: number, prefix: number): Network4 {
  return { base: (address & maskOf(prefix)) >>> 0, prefix };
}

export function size(net: Network4): number {
  return 2 ** (32 - net.prefix);
}

export function contains(net: Network4, address: number): boolean {
  return ((address & maskOf(net.prefix)) >>> 0) === net.base;
}

export function overlaps(a: Network4, b: Network4): boolean {
  const prefix = Math.min(a.prefix, b.prefix);
  return networkOf(a.base, prefix).base === networkOf(b.base, prefix).base;
}

/** The n-th address of the network (1 = first host), as cluster-template's `nthhost`. */
export function nthHost(net: Network4, n: number): number {
  return (net.base + n) >>> 0;
}

export function broadcast(net: Network4): number {
  return (net.base + size(net) - 1) >>> 0;
}

export function cidrText(net: Network4): string {
  return `${formatIPv4(net.base)}/${net.prefix}`;
}

/** Whether `address` (dotted text) lies in the network `cidr`; false when either does not parse. */
export function cidrContains(cidr: { readonly address: string; readonly prefix: number }, address: string): boolean {
  const base = parseIPv4(cidr.address);
  const ip = parseIPv4(address);
  return base.ok && ip.ok && contains(networkOf(base.value, cidr.prefix), ip.value);
}
