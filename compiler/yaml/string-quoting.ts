import { Scalar, type ScalarTag, type Tags } from "yaml";
import { stringTag, type StringifyContext } from "yaml/util";

/**
 * The one rule for how labc writes a string scalar. We write YAML 1.2, but what reads our files
 * does not: kubectl, Flux, Helm and helmfile use go-yaml (v2 through sigs.k8s.io/yaml, or v3),
 * which takes `1_000` or `0b101` for integers and `2001-12-14` for a timestamp; YAML 1.1 readers
 * (PyYAML, yamllint, Ansible) also take `yes`/`off` for booleans, `1:20` for 80, `=` and `<<` for
 * special keys, and U+2028/U+2029/NEL for line breaks. The `yaml` library only protects a string
 * from its own 1.2 reading, so every string any of these readers would not read back unchanged is
 * double-quoted here, and the characters they treat as line breaks or reject are escaped.
 */

/** Exact words (any letter case) that YAML 1.1 or go-yaml resolve to a bool, null, float, merge or value. */
const WORDS = /^(?:y|yes|n|no|true|false|on|off|null|~|=|<<|[-+]?\.inf|\.nan)$/i;

/**
 * go-yaml v2/v3 resolve a plain scalar starting with a digit, sign or dot by deleting every `_`
 * and trying strconv.ParseInt/ParseUint with base 0 (decimal, `0x`, `0o`, `0b`, leading-0 octal),
 * then this float pattern (which YAML 1.2's core schema shares).
 */
const GO_INT = /^[-+]?(?:0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|[0-9]+)$/;
const GO_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;

/**
 * YAML 1.1 numbers, the union of what PyYAML and the `yaml` library's 1.1 schema accept: `_`
 * separators, binary, leading-0 octal, `e5` and `.` as floats, and base 60 (`1:20` is 80, `03:00`
 * is 180, `1:20.5` a float).
 */
const YAML11_INT = /^[-+]?(?:0b[01_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*)$/;
const YAML11_FLOAT = /^[-+]?(?:(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+]?[0-9]+)?|(?:[0-9][0-9_]*)?[eE][-+]?[0-9]+)$/;
const BASE_60 = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

/** A date, or a date and a time: YAML 1.1 `!!timestamp`, which go-yaml v3 decodes to a time.Time. */
const TIMESTAMP = /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:$|[Tt \t])/;

/**
 * Characters no reader may see raw: C0/C1 controls (NEL, U+0085, is a YAML 1.1 line break), the
 * YAML 1.1 line and paragraph separators, a BOM and the two non-characters. JSON and the `yaml`
 * library leave DEL, C1, U+2028/9, U+FEFF, U+FFFE/F unescaped, so these are escaped by us.
 */
const MUST_ESCAPE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/;
const LEFT_RAW_BY_LIBRARY = /[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/g;

/**
 * Whether `s`, written as a plain scalar, could be read by a YAML 1.1 or Go reader as anything
 * but the string `s` (a number, bool, null, timestamp, merge key, or a scalar cut at a tab).
 */
export function plainIsAmbiguous(s: string): boolean {
  if (s === "" || WORDS.test(s)) return true;
  // A tab ends a plain scalar for PyYAML; spaces at either end are not part of a plain scalar.
  if (s.includes("\t") || /^[ ]|[ ]$/.test(s)) return true;
  if (TIMESTAMP.test(s) || YAML11_INT.test(s) || YAML11_FLOAT.test(s) || BASE_60.test(s)) return true;
  if (!/^[-+.0-9]/.test(s)) return false;
  const noUnderscores = s.replace(/_/g, "");
  return GO_INT.test(noUnderscores) || GO_FLOAT.test(noUnderscores);
}

/** Whether `s` holds a character that must be written as an escape, which only double quotes allow. */
export function mustEscape(s: string): boolean {
  return MUST_ESCAPE.test(s);
}

function escapeChar(ch: string): string {
  const code = ch.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
}

/** Whether the library would write this scalar plain, given its requested style and position. */
function mayComeOutPlain(type: Scalar.Type | undefined, value: string, ctx: StringifyContext): boolean {
  if (type === Scalar.PLAIN) return true;
  if (type !== undefined) return false;
  // Unstyled multi-line strings become block scalars, except in keys and flow collections.
  return !value.includes("\n") || ctx.implicitKey === true || ctx.inFlow === true;
}

/**
 * Whether a block scalar would lose part of this value: a line of only spaces or tabs reads back
 * as an empty line (`" \n"` written `|+` returns `"\n"`), so such values are written quoted.
 */
function blockLosesWhitespace(type: Scalar.Type | undefined, value: string, ctx: StringifyContext): boolean {
  if (type !== undefined && type !== Scalar.BLOCK_LITERAL && type !== Scalar.BLOCK_FOLDED) return false;
  if (ctx.implicitKey === true || ctx.inFlow === true || !value.includes("\n")) return false;
  return /(^|\n)[ \t]+(\n|$)/.test(value);
}

/** The core schema's string tag with the rule above: quoted where a 1.1 or Go reader would misread. */
const safeString: ScalarTag = {
  ...stringTag,
  stringify(item, ctx, onComment, onChompKeep) {
    const scalar = item as Scalar;
    const value = String(scalar.value);
    const escape = mustEscape(value);
    const quote = escape || (mayComeOutPlain(scalar.type, value, ctx) && plainIsAmbiguous(value)) || blockLosesWhitespace(scalar.type, value, ctx);
    const styled = quote ? Object.assign({}, scalar, { type: Scalar.QUOTE_DOUBLE }) : scalar;
    const text = stringTag.stringify!(styled as Scalar, ctx, onComment, onChompKeep);
    // A double-quoted scalar may spell any character as an escape, so swapping these is exact.
    return escape ? text.replace(LEFT_RAW_BY_LIBRARY, escapeChar) : text;
  },
};

/** `customTags` for a Document: the core schema with strings written by the rule above. */
export function withSafeStrings(tags: Tags): Tags {
  return tags.map((tag) => (typeof tag === "object" && tag.tag === stringTag.tag && !("format" in tag && tag.format) ? safeString : tag));
}
