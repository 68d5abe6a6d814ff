/**
 * How Go's YAML encoders style a string scalar. Reproduced from yaml.v3 `encode.go` (stringv),
 * go.yaml.in/yaml/v4 `representer.go` (stringv) and the emitter both share (`emitterc.go`:
 * analyze_scalar, select_scalar_style), so that our output is byte-identical: the `yaml`
 * library would otherwise pick its own quoting.
 */
export type GoScalarStyle = "PLAIN" | "QUOTE_SINGLE" | "QUOTE_DOUBLE" | "BLOCK_LITERAL";

/**
 * Which Go encoder writes the file. `yaml.v3` (gopkg.in/yaml.v3) marshals the image factory's
 * schematics and talhelper's secrets; `talos` is Talos's config encoder, which since the machinery
 * talhelper v3.1.16 pins (v1.14.0-alpha.2) sits on go.yaml.in/yaml/v4. The two differ only in how
 * they protect strings that YAML 1.1 would read as something else (`yes`, `off`, `1:30`,
 * `00:11:22:33:44:55`, `<<`): yaml.v3 double-quotes them, v4 single-quotes them; and v4 writes a
 * multi-line string that holds only whitespace double-quoted instead of as a block.
 * talhelper re-encodes Talos's output through yaml.v3 nodes, which keeps each scalar's style.
 */
export type GoYamlFlavour = "yaml.v3" | "talos";

const OLD_BOOLS = new Set(["y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "n", "N", "no", "No", "NO", "off", "Off", "OFF"]);
const SPECIAL_PLAIN = new Set([
  "", "~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE",
  ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN", "<<",
]);
const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const TIMESTAMP = /^\d{4}-\d{1,2}-\d{1,2}(?:(?:[Tt]| +)\d{1,2}:\d{2}:\d{2}(?:\.\d*)?(?:Z|[-+]\d{1,2}(?::\d{2})?)?)?$/;

/** Whether a plain scalar with this text would read back as something other than a string. */
function resolvesToNonString(s: string): boolean {
  if (SPECIAL_PLAIN.has(s)) return true;
  const c = s[0] ?? "";
  if (!/[-+.0-9]/.test(c)) return false;
  if (TIMESTAMP.test(s)) return true;
  const plain = s.replace(/_/g, "");
  // Go's strconv.ParseInt/ParseUint with base 0: decimal, 0x, 0o, 0b and legacy octal.
  if (/^[-+]?(0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+|[0-9]+)$/.test(plain)) return true;
  if (YAML_FLOAT.test(plain)) return true;
  return false;
}

function isPrintable(ch: number): boolean {
  return (
    ch === 0x09 || ch === 0x0a || ch === 0x0d || (ch >= 0x20 && ch <= 0x7e) || ch === 0x85 ||
    (ch >= 0xa0 && ch <= 0xd7ff) || (ch >= 0xe000 && ch <= 0xfffd && ch !== 0xfeff) || (ch >= 0x10000 && ch <= 0x10ffff)
  );
}

interface ScalarAnalysis {
  multiline: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

/** yaml_emitter_analyze_scalar, block context only (Talos never emits flow collections with content). */
function analyze(value: string): ScalarAnalysis {
  if (value.length === 0) {
    return { multiline: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false };
  }
  let blockIndicators = value.startsWith("---") || value.startsWith("...");
  let lineBreaks = false, special = false, tabs = false;
  let leadingSpace = false, leadingBreak = false, trailingSpace = false, trailingBreak = false;
  let breakSpace = false, spaceBreak = false, prevSpace = false, prevBreak = false;
  let precededByWs = true;
  const chars = Array.from(value);
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    const next = chars[i + 1];
    const followedByWs = next === undefined || next === " " || next === "\t" || next === "\n" || next === "\r";
    if (i === 0) {
      if ("#,[]{}&*!|>'\"%@`".includes(ch)) blockIndicators = true;
      else if ((ch === "?" || ch === ":") && followedByWs) blockIndicators = true;
      else if (ch === "-" && followedByWs) blockIndicators = true;
    } else if ((ch === ":" && followedByWs) || (ch === "#" && precededByWs)) {
      blockIndicators = true;
    }
    const code = ch.codePointAt(0) ?? 0;
    if (ch === "\t") tabs = true;
    else if (!isPrintable(code)) special = true;
    const last = i === chars.length - 1;
    if (ch === " ") {
      if (i === 0) leadingSpace = true;
      if (last) trailingSpace = true;
      if (prevBreak) breakSpace = true;
      prevSpace = true;
      prevBreak = false;
    } else if (ch === "\n" || ch === "\r" || code === 0x85 || code === 0x2028 || code === 0x2029) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (last) trailingBreak = true;
      if (prevSpace) spaceBreak = true;
      prevSpace = false;
      prevBreak = true;
    } else {
      prevSpace = false;
      prevBreak = false;
    }
    precededByWs = ch === " " || ch === "\t" || ch === "\n" || ch === "\r";
  }
  let blockPlainAllowed = true, singleQuotedAllowed = true, blockAllowed = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) blockPlainAllowed = false;
  if (trailingSpace) blockAllowed = false;
  if (breakSpace) { blockPlainAllowed = false; singleQuotedAllowed = false; }
  if (spaceBreak || tabs || special) { blockPlainAllowed = false; singleQuotedAllowed = false; }
  if (spaceBreak || special) blockAllowed = false;
  if (lineBreaks) blockPlainAllowed = false;
  if (blockIndicators) blockPlainAllowed = false;
  return { multiline: lineBreaks, blockPlainAllowed, singleQuotedAllowed, blockAllowed };
}

/** The style the encoder's stringv asks for, before the emitter checks it against the text. */
function requestedStyle(value: string, flavour: GoYamlFlavour): GoScalarStyle {
  const yaml11 = BASE60_FLOAT.test(value) || OLD_BOOLS.has(value);
  if (flavour === "yaml.v3") {
    if (value.includes("\n")) return "BLOCK_LITERAL";
    return !resolvesToNonString(value) && !yaml11 ? "PLAIN" : "QUOTE_DOUBLE";
  }
  if (value.includes("\n")) return value.length >= 2 && /\S/u.test(value) ? "BLOCK_LITERAL" : "QUOTE_DOUBLE";
  if (yaml11 || value === "<<") return "QUOTE_SINGLE";
  return resolvesToNonString(value) ? "QUOTE_DOUBLE" : "PLAIN";
}

/** The style the encoder ends up writing for a string value (isKey: written as a mapping key). */
export function goScalarStyle(value: string, isKey = false, flavour: GoYamlFlavour = "yaml.v3"): GoScalarStyle {
  let style = requestedStyle(value, flavour);
  const a = analyze(value);
  if (style === "PLAIN") {
    if (!a.blockPlainAllowed || (value.length === 0 && isKey)) style = "QUOTE_SINGLE";
  }
  if (style === "QUOTE_SINGLE" && !a.singleQuotedAllowed) style = "QUOTE_DOUBLE";
  if (style === "BLOCK_LITERAL" && (!a.blockAllowed || isKey)) style = "QUOTE_DOUBLE";
  return style;
}
