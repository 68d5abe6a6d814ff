import { statSync, writeFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import type { Diagnostic } from "../../../lang/diagnostics/diagnostic.js";
import { LineIndex } from "../../../lang/diagnostics/span.js";
import { format } from "../../../lang/format/format.js";
import { formatFlag, parseCommandArgs } from "../args.js";
import { diagnosticToJson } from "../../../lang/diagnostics/render.js";
import { fmt as spec } from "../usage/command-table.js";
import { printDiagnostics } from "../terminal.js";
import { resolveTarget } from "../target.js";
import { UsageError } from "../usage-error.js";
import { describeReadError, MAX_LAB_BYTES, readInput } from "../../files/read-input.js";
import { Reporter } from "../../../lang/diagnostics/reporter.js";
import { describeStop, findLabFiles } from "../../files/find-lab-files.js";

/**
 * `labc fmt [--check] [files or folders…]`: rewrites `.lab` files in the one style, or with
 * `--check` lists the files that are not formatted and exits 1. `labc fmt -` formats standard
 * input to standard output (for editors that pipe). Without arguments: the workspace entry
 * (lab.config.ts or cluster.lab) and the files it imports.
 */
export async function runFmt(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, spec);
  const output = formatFlag(values, ["text", "json"]);
  if (positionals.length === 1 && positionals[0] === "-") {
    if (output === "json") throw new UsageError("labc fmt - writes the formatted text to stdout; --format json does not apply");
    return formatStdin();
  }
  const cwd = process.cwd();
  const files = positionals.length > 0 ? expand(positionals, cwd) : await workspaceFiles();
  const unformatted: string[] = [];
  const problems: Diagnostic[] = [];
  const sources = new Map<string, LineIndex>();
  for (const file of files) {
    const shown = relative(cwd, file) || file;
    let text: string;
    try {
      text = readInput(file, { maxBytes: MAX_LAB_BYTES });
    } catch (error) {
      const r = new Reporter();
      r.report("readFailed", new LineIndex("").span(shown, 0, 0), `cannot read ${shown}: ${describeReadError(error)}`);
      problems.push(...r.diagnostics);
      continue;
    }
    const result = format(text, shown);
    if (!result.ok) {
      problems.push(...result.diagnostics);
      sources.set(shown, new LineIndex(text));
      continue;
    }
    if (!result.changed) continue;
    unformatted.push(shown);
    if (!values.check) writeFileSync(file, result.text);
  }
  const failed = problems.length > 0 || (values.check === true && unformatted.length > 0);
  if (output === "json") {
    const key = values.check ? "unformatted" : "formatted";
    process.stdout.write(`${JSON.stringify({ ok: !failed, files: files.length, [key]: unformatted, diagnostics: problems.map(diagnosticToJson) }, null, 2)}\n`);
    return failed ? 1 : 0;
  }
  printDiagnostics(problems, sources);
  if (problems.length > 0) process.stderr.write(`labc fmt: files with syntax errors are left as they are\n`);
  for (const file of unformatted) process.stdout.write(`${file}\n`);
  if (values.check && unformatted.length > 0) process.stderr.write(`labc fmt: ${unformatted.length} file${unformatted.length === 1 ? " is" : "s are"} not formatted; run 'labc fmt' to fix\n`);
  return failed ? 1 : 0;
}

async function formatStdin(): Promise<number> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  const result = format(text, "<stdin>");
  if (!result.ok) {
    printDiagnostics(result.diagnostics, new Map([["<stdin>", new LineIndex(text)]]));
    return 1;
  }
  process.stdout.write(result.text);
  return 0;
}

async function workspaceFiles(): Promise<string[]> {
  const target = await resolveTarget(undefined, ".");
  const { parseWorkspace } = await import("../../pipeline/compile.js");
  return parseWorkspace(target.entry).files.map((f) => f.absolutePath);
}

function expand(paths: readonly string[], cwd: string): string[] {
  const out: string[] = [];
  for (const path of paths) {
    const full = resolve(cwd, path);
    let isDir: boolean;
    try {
      isDir = statSync(full).isDirectory();
    } catch {
      throw new UsageError(`${path}: no such file or folder`);
    }
    if (!isDir) {
      out.push(full);
      continue;
    }
    const scan = findLabFiles(full);
    const stop = describeStop(path, scan);
    if (stop) process.stderr.write(`labc fmt: warning: ${stop}\n`);
    out.push(...scan.files);
  }
  return [...new Set(out)];
}
