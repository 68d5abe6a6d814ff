import type { ScalarTag } from "yaml";

/**
 * Integer forms Go's yaml.v3 reads but the `yaml` library's YAML 1.2 core schema does not: the
 * YAML 1.1 octal `0644` (core reads 644), binary `0b101` and `_` digit separators (core reads
 * both as strings). Talos decodes patches with yaml.v3, so `permissions: 0644` must mean 420
 * here too. yaml.v3 drops every `_` and calls strconv.ParseInt(s, 0, 64) (resolve.go).
 */
const goInt: ScalarTag = {
  tag: "tag:yaml.org,2002:int",
  default: true,
  test: /^[-+]?(?:0[bB][01_]+|0[0-7_]+|[0-9]+_[0-9_]*)$/,
  resolve(text) {
    const plain = text.replace(/_/g, "");
    const sign = plain.startsWith("-") ? -1 : 1;
    const digits = plain.replace(/^[-+]/, "");
    if (/^0[bB]/.test(digits)) return sign * parseInt(digits.slice(2), 2);
    if (/^0[0-7]+$/.test(digits)) return sign * parseInt(digits, 8);
    return sign * Number(digits);
  },
};

/** For the `customTags` option: yaml.v3's extra integer forms take precedence over core's. */
export function withGoIntegers<T>(tags: readonly T[]): (ScalarTag | T)[] {
  return [goInt, ...tags];
}
