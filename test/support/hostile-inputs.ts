import { readFileSync } from "node:fs";
import fc from "fast-check";
import { compileWorkspace } from "../../compiler/pipeline/compile.js";
import { diagnosticToJson, renderDiagnostic } from "../../lang/diagnostics/render.js";
import { format } from "../../lang/format/format.js";
import { repoPath } from "./paths.js";

/**
 * Inputs a hostile or unlucky user could feed labc, shared by the bounded fuzz test in the suite
 * and bench/fuzz.mjs (100,000 of them): random edits of the examples, runs of syntax fragments,
 * and the shapes that broke it once (deep nesting, long dotted paths, long names and dash runs,
 * unterminated comments and strings repeated, long lines).
 */

const examples = ["examples/homelab/cluster.lab", "examples/ha/cluster.lab"].map((p) => readFileSync(repoPath(p), "utf8"));

const fragments = ["{", "}", "[", "]", "(", ")", "=", ",", ":", ".", '"', '"""', "//", "/*", "*/", "\n", " ", "\t", "\r\n", "\ufeff", "app", "node", "cluster", "network", "secret", "from", "in", "import", "std.", "file(", "env(", "10.0.0.0/8", "300.1.1.1", "v1.10", "v1.2.3.4.5", "fd00::", "00:11", "${SECRET_DOMAIN}", "\\", "\u0000", "é", "\u2028", "-", "5m", "x = ", "a {", "li", "toString", "__proto__", "constructor", "hasOwnProperty"];

/** Units whose repetition once overflowed the stack, went quadratic or printed without end. */
const repeatable = ["[", "{ a ", "a { ", "(", "f(", ".x", "-", "/* ", '"""\n', "a.", "x = [", "[1, ", "a = {", '"', "\\", "// c\n", "a-", "1.", "v1.", "#", "\u0000", "é"];

const edited = fc
  .tuple(fc.constantFrom(...examples), fc.array(fc.tuple(fc.nat(), fc.nat(40), fc.oneof(fc.constantFrom(...fragments), fc.string({ maxLength: 8 }))), { minLength: 1, maxLength: 8 }))
  .map(([source, edits]) => {
    let text = source;
    for (const [at, remove, insert] of edits) {
      const i = at % (text.length + 1);
      text = text.slice(0, i) + insert + text.slice(i + remove);
    }
    return text;
  });

const joined = fc.array(fc.constantFrom(...fragments), { maxLength: 60 }).map((parts) => parts.join(" "));

/** A prefix, one unit repeated up to `maxRepeat` times, a suffix: sizes up to ~maxRepeat × 8 characters. */
function repeated(maxRepeat: number) {
  return fc
    .tuple(fc.constantFrom("", "cluster c ", "cluster c { x = ", "node n { ", "app a { values { v = ", "li", "node a"), fc.constantFrom(...repeatable), fc.integer({ min: 1, max: maxRepeat }), fc.constantFrom("", "a", "}", "]", ")", " {}\n", "\n" + examples[0]!))
    .map(([prefix, unit, n, suffix]) => prefix + unit.repeat(n) + suffix);
}

const text = fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: "binary", maxLength: 300 }));

/** The input mix; `maxRepeat` bounds the hostile repetitions (the suite keeps inputs small). */
export function hostileInput(maxRepeat: number) {
  return fc.oneof({ arbitrary: edited, weight: 3 }, { arbitrary: joined, weight: 2 }, { arbitrary: repeated(maxRepeat), weight: 3 }, { arbitrary: text, weight: 2 });
}

/**
 * Everything a user-facing command does with one file's text: load (no file beside it exists),
 * check, render each diagnostic as text and as JSON, and format. Returns what a test asserts on.
 */
export function runHostile(input: string): { readonly diagnostics: number; readonly longestLine: number; readonly outputLength: number } {
  const entry = "/nonexistent-labc-fuzz/cluster.lab";
  const compiled = compileWorkspace(entry, {
    cwd: "/nonexistent-labc-fuzz",
    read: (path) => {
      if (path === entry) return input;
      throw Object.assign(new Error("no such file"), { code: "ENOENT" });
    },
    allowOutsideProject: false,
  });
  let longestLine = 0;
  let outputLength = 0;
  for (const d of compiled.diagnostics) {
    const rendered = renderDiagnostic(d, { color: false, sources: compiled.sources });
    for (const line of rendered.split("\n")) longestLine = Math.max(longestLine, line.length);
    outputLength += rendered.length + JSON.stringify(diagnosticToJson(d)).length;
  }
  format(input, "fuzz.lab");
  return { diagnostics: compiled.diagnostics.length, longestLine, outputLength };
}
