import type { Reporter } from "../../lang/diagnostics/reporter.js";
import type { Span } from "../../lang/diagnostics/span.js";
import type { OutputFile } from "../model/output.js";

/** Values shorter than this are too common to scan for without false alarms ("true", "main"). */
const MIN_LENGTH = 6;

/**
 * Refuses a build in which any file other than an encrypted secret holds a declared secret's
 * plaintext (or a line of a multi-line one). Names the file and the secret, never the value.
 */
export function scanForLeaks(outputs: readonly OutputFile[], secrets: ReadonlyMap<string, string>, spans: ReadonlyMap<string, Span>, fallback: Span, r: Reporter): void {
  const needles: { name: string; text: string }[] = [];
  for (const [name, value] of secrets) {
    for (const piece of [value, ...value.split("\n")]) {
      const text = piece.trim();
      if (text.length >= MIN_LENGTH && !needles.some((n) => n.text === text)) needles.push({ name, text });
    }
  }
  for (const file of outputs) {
    if (file.kind !== "text") continue;
    for (const needle of needles) {
      if (!file.content.includes(needle.text)) continue;
      r.report("plaintextLeak", spans.get(needle.name) ?? fallback, `the plaintext of secret '${needle.name}' would be written to ${file.path}, which is not encrypted; nothing was written. Move the value into a secret and reference it instead`);
      break;
    }
  }
}
