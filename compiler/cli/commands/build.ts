import { hasErrors } from "../../../lang/diagnostics/diagnostic.js";
import { parseCommandArgs } from "../args.js";
import { printDiagnostics } from "../terminal.js";
import { resolveTarget } from "../target.js";

export async function runBuild(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { out: { type: "string", short: "o" }, watch: { type: "boolean", short: "w" } }, 1);
  const target = await resolveTarget(positionals[0], values.out);
  if (values.watch) return (await import("./build-watch.js")).watchBuild(target);
  const { build } = await import("../../build/build.js");
  const report = await build({ entry: target.entry, out: target.out });
  printDiagnostics(report.diagnostics, report.sources);
  if (hasErrors(report.diagnostics) || !report.written) {
    process.stderr.write(`labc: build failed; ${target.outDisplay} was left as it was\n`);
    return 1;
  }
  for (const note of report.notes) process.stdout.write(`note: ${note}\n`);
  const w = report.written;
  process.stdout.write(`wrote ${target.outDisplay}: ${w.written} files, ${w.changed.length} changed${w.removed.length ? `, ${w.removed.length} removed` : ""}\n`);
  return 0;
}

