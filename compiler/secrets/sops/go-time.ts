// Go time.Time values as sops sees them: YAML timestamps decoded by yaml.v3, `type:time` values,
// and `lastmodified`. A JS Date cannot hold nanoseconds or the original UTC offset, both of which
// end up in MAC bytes, so this keeps the fields Go would print.

export interface GoTime {
  readonly kind: "go-time";
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly nanos: number;
  /** Offset from UTC in minutes; 0 prints as "Z", like Go's Z07:00. */
  readonly offsetMinutes: number;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function build(
  fields: [string, string, string, string?, string?, string?],
  fraction: string | undefined,
  zone: string | undefined,
): GoTime | undefined {
  const [y, mo, d, h = "0", mi = "0", s = "0"] = fields;
  const year = Number(y), month = Number(mo), day = Number(d);
  const hour = Number(h), minute = Number(mi), second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  // Go reads at most nine fractional digits and ignores the rest.
  const nanos = fraction ? Number(fraction.slice(1, 10).padEnd(9, "0")) : 0;
  let offsetMinutes = 0;
  if (zone && zone !== "Z" && zone !== "z") {
    const zh = Number(zone.slice(1, 3)), zm = Number(zone.slice(4, 6));
    if (zh > 23 || zm > 59) return undefined;
    offsetMinutes = (zone[0] === "-" ? -1 : 1) * (zh * 60 + zm);
  }
  return { kind: "go-time", year, month, day, hour, minute, second, nanos, offsetMinutes };
}

/** time.Parse(time.RFC3339, s); like Go it also accepts fractional seconds. */
export function parseRfc3339(text: string): GoTime | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})([.,]\d+)?(Z|[+-]\d{2}:\d{2})$/.exec(text);
  if (!m) return undefined;
  return build([m[1]!, m[2]!, m[3]!, m[4], m[5], m[6]], m[7], m[8]);
}

/** yaml.v3's parseTimestamp: the four layouts it tries on unquoted scalars that start with "YYYY-". */
export function parseYamlTimestamp(text: string): GoTime | undefined {
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})[Tt](\d{1,2}):(\d{1,2}):(\d{1,2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.exec(text);
  if (m) return build([m[1]!, m[2]!, m[3]!, m[4], m[5], m[6]], m[7], m[8]);
  m = /^(\d{4})-(\d{1,2})-(\d{1,2}) (\d{1,2}):(\d{1,2}):(\d{1,2})(\.\d+)?$/.exec(text);
  if (m) return build([m[1]!, m[2]!, m[3]!, m[4], m[5], m[6]], m[7], undefined);
  m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (m) return build([m[1]!, m[2]!, m[3]!], undefined, undefined);
  return undefined;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

function formatZone(offsetMinutes: number): string {
  if (offsetMinutes === 0) return "Z";
  const abs = Math.abs(offsetMinutes);
  return `${offsetMinutes < 0 ? "-" : "+"}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

function formatBase(t: GoTime): string {
  return `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}T${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}`;
}

/** t.Format(time.RFC3339): whole seconds. */
export function formatRfc3339(t: GoTime): string {
  return formatBase(t) + formatZone(t.offsetMinutes);
}

/** t.Format(time.RFC3339Nano) = t.MarshalText(): fraction with trailing zeros trimmed. */
export function formatRfc3339Nano(t: GoTime): string {
  const fraction = t.nanos === 0 ? "" : "." + pad(t.nanos, 9).replace(/0+$/, "");
  return formatBase(t) + fraction + formatZone(t.offsetMinutes);
}

export function goTimeFromDate(date: Date): GoTime {
  const ms = date.getTime();
  if (!Number.isFinite(ms)) throw new RangeError("invalid Date");
  return {
    kind: "go-time",
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
    nanos: date.getUTCMilliseconds() * 1_000_000,
    offsetMinutes: 0,
  };
}

export function goTimeToDate(t: GoTime): Date {
  const utc = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second, Math.floor(t.nanos / 1_000_000));
  return new Date(utc - t.offsetMinutes * 60_000);
}

/** `lastmodified` as sops writes it: UTC, whole seconds, "Z" (so the stored text is the MAC's AAD). */
export function formatLastModified(date: Date): string {
  return formatRfc3339(goTimeFromDate(new Date(Math.floor(date.getTime() / 1000) * 1000)));
}
