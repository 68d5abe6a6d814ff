import { LABC_VERSION } from "../../version.js";
import { ALLOW_OUTSIDE_ENV, ALLOW_OUTSIDE_FLAG } from "../../files/confine.js";
import { COMMANDS, HELP_FLAG } from "./command-table.js";
import type { CommandSpec, FlagSpec } from "./spec.js";

/** The exit codes, as `labc --help` and README.md's table state them. */
export const EXIT_CODES = `Exit codes:
  0  success (status: every app ready; diff: in sync)
  1  the input or the environment is wrong: diagnostics with errors, a missing age key, a file
     that cannot be written (LAB5001), a held lock; status: an app not ready; diff: drift;
     fmt --check: unformatted files
  2  the command line is wrong: an unknown command or flag, a bad value, a missing operand, a
     named file that is not there or not a regular file; status, diff, bootstrap: the cluster
     cannot be reached
  130 interrupted`;

const GLOBAL_FLAG: FlagSpec = { long: ALLOW_OUTSIDE_FLAG.slice(2), help: `let import and file(…) name files outside the project directory (or ${ALLOW_OUTSIDE_ENV}=1)` };

const WIDTH = 100;

/** `labc build [file] [--out dir] [--watch] …`, wrapped under the command's name. */
export function synopsis(spec: CommandSpec, indent = ""): string {
  const head = ["labc", ...spec.path].join(" ");
  const words = spec.subcommands ? [spec.subcommands.map((s) => s.path.at(-1)).join("|")] : [...(spec.operands ? [spec.operands] : [])];
  if (!spec.subcommands) {
    for (const f of spec.flags) {
      const flag = `--${f.long}${f.value ? ` ${f.value}` : ""}`;
      words.push(f.required ? flag : `[${flag}]${f.multiple ? "…" : ""}`);
    }
  }
  const lines = [`${indent}${head}`];
  const hang = " ".repeat(indent.length + head.length);
  for (const w of words) {
    if (lines.at(-1)!.length + 1 + w.length > WIDTH && lines.at(-1)!.trim() !== head) lines.push(hang);
    lines[lines.length - 1] += ` ${w}`;
  }
  return lines.join("\n");
}

/** `labc --help`: every command with its operands and flags, and one line saying what it does. */
export function topLevelHelp(): string {
  const entries: string[] = [];
  for (const c of COMMANDS) for (const s of c.subcommands ?? [c]) entries.push(`${synopsis(s, "  ")}\n      ${s.summary}`);
  entries.push("  labc --version\n      print the version");
  return `labc ${LABC_VERSION} — compile cluster.lab into a Talos + Flux GitOps repository

Usage:
${entries.join("\n")}

Every command takes --help (-h); 'labc help COMMAND [SUBCOMMAND]' prints the same.
Every command that reads a project takes ${ALLOW_OUTSIDE_FLAG} (or ${ALLOW_OUTSIDE_ENV}=1):
  let import and file(…) name files outside the project directory (refused by default)

${EXIT_CODES}
Colour is used on a terminal unless NO_COLOR is set.`;
}

/** One command's --help: synopsis, what it does, its subcommands or its flags. */
export function commandHelp(spec: CommandSpec): string {
  const parts = [`labc ${spec.path.join(" ")} — ${spec.summary}`, `Usage:\n${synopsis(spec, "  ")}`];
  if (spec.details) parts.push(spec.details);
  if (spec.subcommands) {
    parts.push(`Subcommands:\n${table(spec.subcommands.map((s) => [`${s.path.at(-1)} ${s.operands}`.trimEnd(), s.summary]))}`);
    parts.push(`Run 'labc ${spec.path.join(" ")} SUBCOMMAND --help' for its flags.`);
  }
  const flags = [...spec.flags, ...(spec.readsProject ? [GLOBAL_FLAG] : []), HELP_FLAG];
  parts.push(`Flags:\n${table(flags.map((f) => [flagLabel(f), f.help]))}`);
  return parts.join("\n\n");
}

function flagLabel(f: FlagSpec): string {
  return `${f.short ? `-${f.short}, ` : "    "}--${f.long}${f.value ? ` ${f.value}` : ""}${f.multiple ? " …" : ""}`;
}

/** Two columns; a long left column puts its text on the next line. */
function table(rows: readonly (readonly [string, string])[]): string {
  const width = Math.min(36, Math.max(...rows.map(([l]) => l.length)));
  return rows.map(([left, right]) => (left.length > width ? `  ${left}\n  ${" ".repeat(width)}  ${right}` : `  ${left.padEnd(width)}  ${right}`)).join("\n");
}
