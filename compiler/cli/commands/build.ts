import { hasErrors } from "../../../lang/diagnostics/diagnostic.js";
import { parseCommandArgs } from "../args.js";
import { printDiagnostics } from "../terminal.js";
import { resolveTarget } from "../target.js";
import { UsageError } from "../usage-error.js";

export async function runBuild(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { out: { type: "string", short: "o" }, watch: { type: "boolean", short: "w" }, "new-cluster": { type: "boolean" } }, 1);
  const target = await resolveTarget(positionals[0], values.out);
  // A new Talos bundle is a new cluster identity: made once, on request, never by a rebuild loop.
  if (values.watch && values["new-cluster"]) throw new UsageError("--new-cluster makes the cluster's Talos secrets bundle once; run 'labc build --new-cluster' without --watch first");
  if (values.watch) return (await import("./build-watch.js")).watchBuild(target);
  const { build } = await import("../../build/build.js");
  const report = await build({ entry: target.entry, out: target.out, newCluster: values["new-cluster"] === true });
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

