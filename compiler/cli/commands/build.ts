import { hasErrors } from "../../../lang/diagnostics/diagnostic.js";
import { parseCommandArgs } from "../args.js";
import { printDiagnostics } from "../terminal.js";
import { resolveTarget } from "../target.js";
import { UsageError } from "../usage-error.js";

export async function runBuild(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { out: { type: "string", short: "o" }, watch: { type: "boolean", short: "w" }, "new-cluster": { type: "boolean" }, wait: { type: "string" } }, 1);
  const target = await resolveTarget(positionals[0], values.out);
  // A new Talos bundle is a new cluster identity: made once, on request, never by a rebuild loop.
  if (values.watch && values["new-cluster"]) throw new UsageError("--new-cluster makes the cluster's Talos secrets bundle once; run 'labc build --new-cluster' without --watch first");
  if (values.watch) return (await import("./build-watch.js")).watchBuild(target);
  const { build } = await import("../../build/build.js");
  const report = await build({ entry: target.entry, out: target.out, newCluster: values["new-cluster"] === true, lockWaitMs: lockWait(values.wait) });
  printDiagnostics(report.diagnostics, report.sources);
  if (hasErrors(report.diagnostics) || !report.written) {
    process.stderr.write(`labc: build failed; ${target.outDisplay} was left as it was\n`);
    return 1;
  }
  for (const note of report.notes) process.stdout.write(`note: ${note}\n`);
  const w = report.written;
  // Permissions alone are not a change Git would show (a fresh clone has every 0600 file at 0644).
  const modes = w.modesSet.length ? `; set the permissions of ${w.modesSet.length} unchanged file${w.modesSet.length === 1 ? "" : "s"} back to what labc writes (Git does not keep them)` : "";
  process.stdout.write(`wrote ${target.outDisplay}: ${w.written} files, ${w.changed.length} changed${w.removed.length ? `, ${w.removed.length} removed` : ""}${modes}\n`);
  return 0;
}


/**
 * `--wait SECONDS` (or LABC_LOCK_WAIT): how long to wait while another labc writes the project,
 * as CI jobs or scripts that build side by side want; by default a second build stops at once.
 */
export function lockWait(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): number {
  const text = flag ?? env["LABC_LOCK_WAIT"];
  if (text === undefined || text === "") return 0;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds < 0) throw new UsageError(`--wait takes a number of seconds, not '${text}'`);
  return seconds * 1000;
}
