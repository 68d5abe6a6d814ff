// How go-yaml v3 types an unquoted scalar (resolve.go), which sops relies on twice: decoding a
// cleartext leaf (its Go type decides the MAC bytes) and deciding whether a string must be quoted
// when written (a string that would read back as another type is double-quoted).
import { parseGoFloat } from "../go-float.js";
import { parseYamlTimestamp } from "../go-time.js";
import type { SopsLeaf } from "../tree.js";

const MAP: Record<string, SopsLeaf> = {};
for (const s of ["true", "True", "TRUE"]) MAP[s] = { kind: "bool", value: true };
for (const s of ["false", "False", "FALSE"]) MAP[s] = { kind: "bool", value: false };
for (const s of ["", "~", "null", "Null", "NULL"]) MAP[s] = { kind: "null" };
for (const s of [".nan", ".NaN", ".NAN"]) MAP[s] = { kind: "float", value: NaN };
for (const s of [".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"]) MAP[s] = { kind: "float", value: Infinity };
for (const s of ["-.inf", "-.Inf", "-.INF"]) MAP[s] = { kind: "float", value: -Infinity };

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** strconv.ParseInt(s, 0, 64) / ParseUint(s, 0, 64): sign, 0x/0o/0b or leading-0 octal prefixes. */
function parseGoInt(text: string, unsigned: boolean): bigint | undefined {
  let s = text;
  let negative = false;
  if (!unsigned && (s[0] === "+" || s[0] === "-")) {
    negative = s[0] === "-";
    s = s.slice(1);
  }
  let digits = s;
  let pattern = /^[0-9]+$/;
  let prefix = "";
  if (/^0[xX]/.test(s)) [prefix, digits, pattern] = ["0x", s.slice(2), /^[0-9a-fA-F]+$/];
  else if (/^0[bB]/.test(s)) [prefix, digits, pattern] = ["0b", s.slice(2), /^[01]+$/];
  else if (/^0[oO]/.test(s)) [prefix, digits, pattern] = ["0o", s.slice(2), /^[0-7]+$/];
  else if (s.length > 1 && s[0] === "0") [prefix, digits, pattern] = ["0o", s.slice(1), /^[0-7]+$/];
  if (!pattern.test(digits)) return undefined;
  const magnitude = BigInt(prefix + digits);
  const value = negative ? -magnitude : magnitude;
  if (unsigned) return value <= UINT64_MAX ? value : undefined;
  return value >= INT64_MIN && value <= INT64_MAX ? value : undefined;
}

function hint(text: string): "N" | "S" | "D" | "M" | "." | undefined {
  if (text === "") return "N";
  const c = text[0]!;
  if (c === "+" || c === "-") return "S";
  if (c >= "0" && c <= "9") return "D";
  if ("yYnNtTfFoO~".includes(c)) return "M";
  if (c === ".") return ".";
  return undefined;
}

/**
 * resolve("", s) for a plain scalar. (`<<` resolves to a string here: go-yaml's table has no
 * entry for '<', and only its parser tags a plain `<<` as a merge key.)
 */
export function resolvePlain(text: string): SopsLeaf {
  const h = hint(text);
  if (h === undefined) return { kind: "str", value: text };
  const known = MAP[text];
  if (known !== undefined) return known;
  if (h === ".") {
    const f = parseGoFloat(text);
    if (f !== undefined) return { kind: "float", value: f };
  } else if (h === "D" || h === "S") {
    const time = parseYamlTimestamp(text);
    if (time) return { kind: "time", value: time };
    const plain = text.replaceAll("_", "");
    const i = parseGoInt(plain, false) ?? parseGoInt(plain, true);
    if (i !== undefined) return { kind: "int", value: i };
    if (YAML_STYLE_FLOAT.test(plain)) {
      const f = parseGoFloat(plain);
      if (f !== undefined) return { kind: "float", value: f };
    }
  }
  return { kind: "str", value: text };
}

const OLD_BOOLS = new Set(["y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "n", "N", "no", "No", "NO", "off", "Off", "OFF"]);
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

/** yaml.v3 encoder's `canUsePlain` for strings: would the text read back as the same string? */
export function stringCanBePlain(text: string): boolean {
  return resolvePlain(text).kind === "str" && !BASE60_FLOAT.test(text) && !OLD_BOOLS.has(text);
}
