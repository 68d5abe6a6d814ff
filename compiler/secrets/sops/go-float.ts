// Go's strconv.FormatFloat for the two shortest-form verbs sops depends on. JS and Go both pick the
// shortest digit string that round-trips (closest on ties), so only the layout has to be rebuilt.

interface Digits {
  negative: boolean;
  /** Significant decimal digits, no leading or trailing zeros ("0" for zero). */
  digits: string;
  /** Position of the decimal point relative to the start of `digits` (Go's `dp`). */
  point: number;
}

function shortestDigits(value: number): Digits {
  const negative = value < 0 || Object.is(value, -0);
  const abs = Math.abs(value);
  if (abs === 0) return { negative, digits: "0", point: 1 };
  // toExponential() without an argument yields the shortest round-tripping mantissa.
  const [mantissa, exponent] = abs.toExponential().split("e") as [string, string];
  const digits = mantissa.replace(".", "");
  return { negative, digits, point: Number(exponent) + 1 };
}

function special(value: number): string | undefined {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  return undefined;
}

function fixedLayout({ negative, digits, point }: Digits): string {
  let out: string;
  if (point <= 0) out = "0." + "0".repeat(-point) + digits;
  else if (point >= digits.length) out = digits + "0".repeat(point - digits.length);
  else out = digits.slice(0, point) + "." + digits.slice(point);
  return (negative ? "-" : "") + out;
}

/** strconv.FormatFloat(v, 'f', -1, 64): shortest digits, never an exponent (1e21 → "1000000000000000000000"). */
export function formatFloatF(value: number): string {
  return special(value) ?? fixedLayout(shortestDigits(value));
}

/** strconv.FormatFloat(v, 'g', -1, 64), as yaml.v3 writes float64 scalars (1e6 → "1e+06"). */
export function formatFloatG(value: number): string {
  const s = special(value);
  if (s !== undefined) return s;
  const d = shortestDigits(value);
  const exp = d.point - 1;
  // With the shortest precision Go switches to %e when the exponent is < -4 or >= 6 (eprec = 6).
  if (exp < -4 || exp >= 6) {
    const mantissa = d.digits.length > 1 ? `${d.digits[0]}.${d.digits.slice(1)}` : d.digits;
    const absExp = Math.abs(exp);
    return `${d.negative ? "-" : ""}${mantissa}e${exp < 0 ? "-" : "+"}${absExp < 10 ? "0" : ""}${absExp}`;
  }
  return fixedLayout(d);
}

/**
 * strconv.ParseFloat(s, 64) for the decimal and special forms sops ever writes or reads
 * ("3.14", "-1e-7", "Inf", "+Inf", "NaN"). Returns undefined where Go reports an error,
 * including out-of-range values (Go returns ±Inf with ErrRange, which sops treats as failure).
 */
export function parseGoFloat(text: string): number | undefined {
  const special = /^([+-]?)(inf|infinity|nan)$/i.exec(text);
  if (special) {
    if (special[2]!.toLowerCase() === "nan") return special[1] === "" ? NaN : undefined;
    return special[1] === "-" ? -Infinity : Infinity;
  }
  // Go also accepts hex floats and underscores after a base prefix; sops never writes either.
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value)) return undefined;
  return value;
}
